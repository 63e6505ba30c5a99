from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'units.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('root.html', 'units.html')
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
    yield '社会治安综合治理考评 · 历年单位一览'

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '局属各单位历年社会治安综合治理考评的总分和等次，链接到各年度的得分明细。'

def block_scripts(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '<script src="site.js" defer></script>\n'

def block_heading(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '历年单位一览'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_years = resolve('years')
    l_0_units = resolve('units')
    pass
    yield '<p>每个单位各年度的总分和等次，点击分数查看该年度的得分明细。</p>\n<p class="unit-filter" hidden><label for="unit-filter">筛选单位：</label><input type="search" id="unit-filter" placeholder="输入单位名称中的字，如 白蚁" autocomplete="off"> <span id="unit-count" role="status"></span></p>\n<p class="scroll-hint" aria-hidden="true">表格较宽，可左右滑动查看各年度。</p>\n<div class="table-wrap">\n<table class="units-index" id="unit-index">\n  <caption>各单位历年总分和等次（按单位编号排列，年度新的在前）</caption>\n  <thead><tr><th scope="col">单位</th><th scope="col">考评年数</th>'
    for l_1_year in (undefined(name='years') if l_0_years is missing else l_0_years):
        _loop_vars = {}
        pass
        yield '<th scope="col">'
        yield escape(l_1_year)
        yield '年</th>'
    l_1_year = missing
    yield '</tr></thead>\n  <tbody>\n'
    for l_1_unit_id in (undefined(name='units') if l_0_units is missing else l_0_units):
        l_1_unit_row = resolve('unit_row')
        _loop_vars = {}
        pass
        yield '  '
        yield escape(context.call((undefined(name='unit_row') if l_1_unit_row is missing else l_1_unit_row), l_1_unit_id, _loop_vars=_loop_vars))
    l_1_unit_id = l_1_unit_row = missing
    yield '  </tbody>\n</table>\n</div>\n'

blocks = {'title': block_title, 'description': block_description, 'scripts': block_scripts, 'heading': block_heading, 'main': block_main}
debug_info = '1=12&2=17&3=27&4=37&7=47&8=57&16=68&19=76&20=81'