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
        _loop_vars = {}
        pass
        yield '    <text x="0" y="'
        yield escape((environment.getattr(l_1_bar, 'y') + 15))
        yield '">'
        yield escape(environment.getattr(l_1_bar, 'label'))
        yield '</text>\n    <rect class="track" x="30" y="'
        yield escape(environment.getattr(l_1_bar, 'y'))
        yield '" width="'
        yield escape(environment.getattr(l_1_bar, 'full'))
        yield '" height="20"/>\n    <rect class="fill" x="30" y="'
        yield escape(environment.getattr(l_1_bar, 'y'))
        yield '" width="'
        yield escape(environment.getattr(l_1_bar, 'width'))
        yield '" height="20"><title>'
        yield escape(environment.getattr(l_1_bar, 'label'))
        yield '：'
        yield escape(environment.getattr(l_1_bar, 'score'))
        yield ' / '
        yield escape(environment.getattr(l_1_bar, 'base'))
        yield '</title></rect>\n    <text x="'
        yield escape(environment.getattr(l_1_bar, 'text_x'))
        yield '" y="'
        yield escape((environment.getattr(l_1_bar, 'y') + 15))
        yield '">'
        yield escape(environment.getattr(l_1_bar, 'score'))
        yield ' / '
        yield escape(environment.getattr(l_1_bar, 'base'))
        yield '</text>\n'
    l_1_bar = missing
    yield '  </svg>\n</figure>\n'

blocks = {}
debug_info = '4=19&5=23&6=27&7=31&8=35&9=45'