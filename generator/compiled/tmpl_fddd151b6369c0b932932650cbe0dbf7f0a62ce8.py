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
    l_0_bulletin = resolve('bulletin')
    l_0_corrections = resolve('corrections')
    l_0_scheme = resolve('scheme')
    try:
        t_1 = environment.filters['cn_date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'cn_date' found.")
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
    yield '">\n<header class="site-head">\n'
    if environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'example'):
        pass
        yield '<p class="example-banner" role="note">示例数据：本页单位与记录均为虚构，仅用于演示，不是正式考评结果。</p>\n'
    for l_1_correction in (undefined(name='corrections') if l_0_corrections is missing else l_0_corrections):
        l_1_published = resolve('published')
        _loop_vars = {}
        pass
        yield '<p class="correction-banner" role="note">本通报已于'
        yield escape(t_1(environment.getattr(l_1_correction, 'date')))
        yield '更正（原通报发布于'
        yield escape(t_1((undefined(name='published') if l_1_published is missing else l_1_published)))
        yield '）。</p>\n'
    l_1_correction = l_1_published = missing
    if environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'draft'):
        pass
        yield '<p class="example-banner draft-banner" role="note">草稿：本年度内容尚未定稿。</p>\n'
    yield '<nav class="site-nav" aria-label="本年度">\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield '../index.html" class="to-site-root">历年考评</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield '../units.html" class="to-site-root">历年单位</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html"'
    if ((undefined(name='page') if l_0_page is missing else l_0_page) == 'bulletin'):
        pass
        yield ' aria-current="page"'
    yield '>'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度通报</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'rules.html"'
    if ((undefined(name='page') if l_0_page is missing else l_0_page) == 'rules'):
        pass
        yield ' aria-current="page"'
    yield '>考评细则</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'results.csv" download="'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度考评结果.csv">下载 CSV</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'results.json" download="'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度考评结果.json">JSON</a>\n</nav>\n</header>\n<main>\n'
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
debug_info = '6=23&7=25&8=27&9=29&10=31&11=33&13=35&15=37&18=40&19=45&21=50&25=54&26=56&27=58&28=66&29=72&30=76&34=80&6=83&7=92&11=101&34=110'