from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/history.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_other_years = resolve('other_years')
    l_0_trend = resolve('trend')
    pass
    if (undefined(name='other_years') if l_0_other_years is missing else l_0_other_years):
        pass
        yield '<section class="part" id="history">\n  <h2>往年考评</h2>\n  <p>'
        l_1_loop = missing
        for l_1_y, l_1_loop in LoopContext((undefined(name='other_years') if l_0_other_years is missing else l_0_other_years), undefined):
            l_1_unit_id = resolve('unit_id')
            _loop_vars = {}
            pass
            yield '<a href="../../'
            yield escape(l_1_y)
            yield '/units/'
            yield escape((undefined(name='unit_id') if l_1_unit_id is missing else l_1_unit_id))
            yield '.html">'
            yield escape(l_1_y)
            yield '年度</a>'
            yield escape(('、' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 6 in 'fragments/history.html' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_y = l_1_unit_id = missing
        yield '</p>\n'
        if (undefined(name='trend') if l_0_trend is missing else l_0_trend):
            pass
            yield '  <figure class="chart">\n    <figcaption>历年总分</figcaption>\n    <svg class="history-chart" viewBox="0 0 '
            yield escape(environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'width'))
            yield ' '
            yield escape(environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'height'))
            yield '" width="'
            yield escape(environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'width'))
            yield '" height="'
            yield escape(environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'height'))
            yield '" role="img" aria-label="本单位历年总分">\n      <polyline class="trend" points="'
            yield escape(environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'points'))
            yield '"/>\n'
            for l_1_dot in environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'dots'):
                l_1_history_dot = resolve('history_dot')
                _loop_vars = {}
                pass
                yield '      '
                yield escape(context.call((undefined(name='history_dot') if l_1_history_dot is missing else l_1_history_dot), l_1_dot, environment.getattr((undefined(name='trend') if l_0_trend is missing else l_0_trend), 'height'), _loop_vars=_loop_vars))
            l_1_dot = l_1_history_dot = missing
            yield '    </svg>\n  </figure>\n'
        yield '</section>\n'

blocks = {}
debug_info = '3=13&6=17&7=31&10=34&11=42&13=44&14=49'