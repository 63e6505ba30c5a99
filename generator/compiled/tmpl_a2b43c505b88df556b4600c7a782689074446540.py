from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/sections_chart.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_bars = resolve('bars')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<figure class="chart">\n  <figcaption>各部分得分（灰色为基分）</figcaption>\n  <svg class="sections-chart" viewBox="0 0 420 '
    yield escape(((t_1((undefined(name='bars') if l_0_bars is missing else l_0_bars)) * 26) + 4))
    yield '" width="420" height="'
    yield escape(((t_1((undefined(name='bars') if l_0_bars is missing else l_0_bars)) * 26) + 4))
    yield '" role="img" aria-label="各部分得分与基分">\n'
    for l_1_bar in (undefined(name='bars') if l_0_bars is missing else l_0_bars):
        l_1_section_bar = resolve('section_bar')
        _loop_vars = {}
        pass
        yield '    '
        yield escape(context.call((undefined(name='section_bar') if l_1_section_bar is missing else l_1_section_bar), l_1_bar, _loop_vars=_loop_vars))
    l_1_bar = l_1_section_bar = missing
    yield '  </svg>\n</figure>\n'

blocks = {}
debug_info = '4=19&6=23&7=28'