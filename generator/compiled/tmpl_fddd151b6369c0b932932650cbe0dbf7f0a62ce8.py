from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_root = resolve('root')
    l_0_page = resolve('page')
    l_0_site_head = resolve('site_head')
    l_0_bulletin = resolve('bulletin')
    l_0_corrections = resolve('corrections')
    l_0_published = resolve('published')
    l_0_scheme = resolve('scheme')
    pass
    yield '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<meta name="description" content="'
    yield from context.blocks['description'][0](context)
    yield '">\n<link rel="icon" href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'assets/favicon.svg" type="image/svg+xml">\n<link rel="stylesheet" href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'assets/style.css">\n<script src="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'assets/nav.js" defer></script>\n'
    yield from context.blocks['scripts'][0](context)
    yield '</head>\n<body class="page-'
    yield escape((undefined(name='page') if l_0_page is missing else l_0_page))
    yield '">\n'
    yield escape(context.call((undefined(name='site_head') if l_0_site_head is missing else l_0_site_head), (undefined(name='root') if l_0_root is missing else l_0_root), (undefined(name='page') if l_0_page is missing else l_0_page), (undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections), (undefined(name='published') if l_0_published is missing else l_0_published), environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year')))
    yield '<main>\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n</body>\n</html>\n'

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_scripts(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'description': block_description, 'scripts': block_scripts, 'main': block_main}
debug_info = '6=19&7=21&8=23&9=25&10=27&11=29&13=31&14=33&16=35&6=38&7=47&11=56&16=65'