from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('root.html', 'index.html')
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
    pass
    yield '社会治安综合治理考评 · 历年通报'

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '常德市住房和城乡建设局局属各单位社会治安综合治理考评：历年通报、考评细则和各单位得分。'

def block_heading(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '社会治安综合治理考评 · 历年通报'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_units = resolve('units')
    l_0_years = resolve('years')
    pass
    yield '<p>按单位查看各年度得分和等次：<a href="units.html">历年单位一览（'
    yield escape((undefined(name='units') if l_0_units is missing else l_0_units))
    yield '个单位）</a>。</p>\n<div class="table-wrap">\n<table class="years">\n  <caption>各年度考评结果（新的在前）</caption>\n  <thead><tr><th scope="col">年度</th><th scope="col">单位数</th><th scope="col">各等次单位数</th><th scope="col">考评细则</th></tr></thead>\n  <tbody>\n'
    l_1_loop = missing
    for (l_1_year, l_1_count, l_1_counts, l_1_example), l_1_loop in LoopContext((undefined(name='years') if l_0_years is missing else l_0_years), undefined):
        _loop_vars = {}
        pass
        yield '  <tr>\n    <th scope="row"><a href="'
        yield escape(l_1_year)
        yield '/index.html">'
        yield escape(l_1_year)
        yield '年度通报</a>'
        if l_1_example:
            pass
            yield '（示例数据）'
        yield '</th>\n    <td>'
        yield escape(l_1_count)
        yield '</td>\n    <td>'
        l_2_loop = missing
        for (l_2_grade, l_2_n), l_2_loop in LoopContext(context.call(environment.getattr(l_1_counts, 'items'), _loop_vars=_loop_vars), undefined):
            _loop_vars = {}
            pass
            yield escape(l_2_grade)
            yield escape(l_2_n)
            yield '个'
            yield escape(('，' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 16 in 'index.html' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_grade = l_2_n = missing
        yield '</td>\n    <td><a href="'
        yield escape(l_1_year)
        yield '/rules.html">'
        yield escape(l_1_year)
        yield '年考评细则</a></td>\n  </tr>\n'
    l_1_loop = l_1_year = l_1_count = l_1_counts = l_1_example = missing
    yield '  </tbody>\n</table>\n</div>\n'

blocks = {'title': block_title, 'description': block_description, 'heading': block_heading, 'main': block_main}
debug_info = '1=12&2=17&3=27&4=37&5=47&6=58&12=61&14=65&15=73&16=76&17=85'