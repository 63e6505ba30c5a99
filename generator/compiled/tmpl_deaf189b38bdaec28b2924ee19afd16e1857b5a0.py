from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'rules.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'rules.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_scheme = resolve('scheme')
    pass
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年社会治安综合治理目标管理工作方案及考评细则'

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_scheme = resolve('scheme')
    pass
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年社会治安综合治理目标管理工作方案及考评细则全文，每个计分条款旁注明各单位在该条款上的扣分和加分。'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_headings = resolve('headings')
    l_0_scheme = resolve('scheme')
    l_0_readings_anchor = resolve('readings_anchor')
    l_0_rules_html = resolve('rules_html')
    try:
        t_1 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    pass
    yield '<div class="rules-layout">\n<nav class="toc" aria-label="目录">\n  <h2>目录</h2>\n  <ol>\n'
    for l_1_h in (undefined(name='headings') if l_0_headings is missing else l_0_headings):
        _loop_vars = {}
        pass
        yield '    <li class="toc-'
        yield escape(environment.getattr(l_1_h, 'level'))
        yield '"><a href="#'
        yield escape(environment.getattr(l_1_h, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_h, 'text'))
        yield '</a></li>\n'
    l_1_h = missing
    if environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'readings'):
        pass
        yield '<li class="toc-2"><a href="#'
        yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
        yield '">计分口径</a></li>'
    yield '  </ol>\n</nav>\n<article class="rules-text">\n  <p class="rules-help no-print">方括号内是'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度各单位在该条款上的扣分、加分或符合情形，点击单位名称查看明细。</p>\n  '
    yield escape(t_1((undefined(name='rules_html') if l_0_rules_html is missing else l_0_rules_html)))
    yield '\n'
    if environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'readings'):
        pass
        yield '  <section class="readings" id="'
        yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
        yield '" aria-labelledby="'
        yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
        yield '-title">\n    <h2 id="'
        yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
        yield '-title">计分口径</h2>\n    <p>细则原文有几处可以有两种读法。本年度计分采用下列读法；这是对细则的说明，不针对任何单位。</p>\n    <div class="table-wrap">\n    <table class="readings-table">\n      <thead><tr><th scope="col">条款</th><th scope="col">采用的读法</th><th scope="col">理由</th><th scope="col">另一种读法（未采用）</th></tr></thead>\n      <tbody>\n'
        for l_1_reading in environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'readings'):
            _loop_vars = {}
            pass
            yield '      <tr><th scope="row"><a class="clause" href="#'
            yield escape(environment.getattr(l_1_reading, 'clause'))
            yield '">'
            yield escape(environment.getattr(l_1_reading, 'place'))
            yield '</a></th><td>'
            yield escape(environment.getattr(l_1_reading, 'reading'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_reading, 'reason'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_reading, 'other'))
            yield '</td></tr>\n'
        l_1_reading = missing
        yield '      </tbody>\n    </table>\n    </div>\n  </section>\n'
    yield '</article>\n</div>\n'

blocks = {'title': block_title, 'description': block_description, 'main': block_main}
debug_info = '1=12&2=17&3=29&4=41&9=60&10=64&12=71&16=77&17=79&18=81&19=84&20=88&26=90&27=94'