from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'root.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_css = resolve('css')
    l_0_page = resolve('page')
    l_0_examples = resolve('examples')
    l_0_years = resolve('years')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<meta name="description" content="'
    yield from context.blocks['description'][0](context)
    yield '">\n<link rel="icon" href="favicon.svg" type="image/svg+xml">\n<style>\n'
    yield escape(t_2((undefined(name='css') if l_0_css is missing else l_0_css)))
    yield '\n</style>\n'
    yield from context.blocks['scripts'][0](context)
    yield '</head>\n<body class="page-'
    yield escape((undefined(name='page') if l_0_page is missing else l_0_page))
    yield '">\n<header class="site-head">\n'
    if (undefined(name='examples') if l_0_examples is missing else l_0_examples):
        pass
        yield '<p class="example-banner" role="note">示例数据：'
        yield escape(t_1(context.eval_ctx, (undefined(name='examples') if l_0_examples is missing else l_0_examples), '、'))
        yield '年的单位与记录均为虚构，仅用于演示，不是正式考评结果。</p>\n'
    yield '<nav class="site-nav" aria-label="历年考评">\n  <a href="index.html"'
    if ((undefined(name='page') if l_0_page is missing else l_0_page) == 'years'):
        pass
        yield ' aria-current="page"'
    yield '>历年考评</a>\n  <a href="units.html"'
    if ((undefined(name='page') if l_0_page is missing else l_0_page) == 'units'):
        pass
        yield ' aria-current="page"'
    yield '>历年单位</a>\n</nav>\n</header>\n<main>\n<h1>'
    yield from context.blocks['heading'][0](context)
    yield '</h1>\n'
    if (undefined(name='years') if l_0_years is missing else l_0_years):
        pass
        yield from context.blocks['main'][0](context)
    else:
        pass
        yield '<p>还没有生成任何年度。</p>\n'
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

def block_heading(context, missing=missing):
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

blocks = {'title': block_title, 'description': block_description, 'scripts': block_scripts, 'heading': block_heading, 'main': block_main}
debug_info = '7=28&8=30&11=32&13=34&15=36&17=38&18=41&21=44&22=48&26=52&27=54&28=56&7=62&8=71&13=80&26=89&28=98'