from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/site_head.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_example = resolve('example')
    l_0_corrected = resolve('corrected')
    l_0_draft = resolve('draft')
    l_0_root = resolve('root')
    l_0_page = resolve('page')
    l_0_year = resolve('year')
    try:
        t_1 = environment.filters['cn_date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'cn_date' found.")
    pass
    yield '<header class="site-head">\n'
    if (undefined(name='example') if l_0_example is missing else l_0_example):
        pass
        yield '<p class="example-banner" role="note">示例数据：本页单位与记录均为虚构，仅用于演示，不是正式考评结果。</p>\n'
    for l_1_date in (undefined(name='corrected') if l_0_corrected is missing else l_0_corrected):
        l_1_published = resolve('published')
        _loop_vars = {}
        pass
        yield '<p class="correction-banner" role="note">本通报已于'
        yield escape(t_1(l_1_date))
        yield '更正（原通报发布于'
        yield escape(t_1((undefined(name='published') if l_1_published is missing else l_1_published)))
        yield '）。</p>\n'
    l_1_date = l_1_published = missing
    if (undefined(name='draft') if l_0_draft is missing else l_0_draft):
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
    yield escape((undefined(name='year') if l_0_year is missing else l_0_year))
    yield '年度通报</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'rules.html"'
    if ((undefined(name='page') if l_0_page is missing else l_0_page) == 'rules'):
        pass
        yield ' aria-current="page"'
    yield '>考评细则</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'results.csv" download="'
    yield escape((undefined(name='year') if l_0_year is missing else l_0_year))
    yield '年度考评结果.csv">下载 CSV</a>\n  <a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'results.json" download="'
    yield escape((undefined(name='year') if l_0_year is missing else l_0_year))
    yield '年度考评结果.json">JSON</a>\n</nav>\n</header>\n'

blocks = {}
debug_info = '3=24&6=27&7=32&9=37&13=41&14=43&15=45&16=53&17=59&18=63'