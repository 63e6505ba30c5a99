from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/unit_row.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_u = resolve('u')
    l_0_years = resolve('years')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<tr data-search="'
    yield escape(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'name'))
    yield ' '
    yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'former'), ' '))
    for l_1_y in context.call(environment.getattr(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'by_year'), 'values')):
        _loop_vars = {}
        pass
        yield ' '
        yield escape(environment.getattr(l_1_y, 'name'))
    l_1_y = missing
    yield '">\n    <th scope="row">'
    yield escape(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'name'))
    if environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'former'):
        pass
        yield '<br><small>曾用名：'
        yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'former'), '、'))
        yield '</small>'
    yield '</th>\n    <td class="num">'
    yield escape(t_2(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'by_year')))
    yield '</td>\n'
    for l_1_year in (undefined(name='years') if l_0_years is missing else l_0_years):
        l_1_y = missing
        _loop_vars = {}
        pass
        l_1_y = context.call(environment.getattr(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'by_year'), 'get'), l_1_year, _loop_vars=_loop_vars)
        _loop_vars['y'] = l_1_y
        yield '    <td class="num">'
        if (undefined(name='y') if l_1_y is missing else l_1_y):
            pass
            yield '<a href="'
            yield escape(l_1_year)
            yield '/units/'
            yield escape(environment.getattr((undefined(name='u') if l_0_u is missing else l_0_u), 'id'))
            yield '.html">'
            yield escape(environment.getattr((undefined(name='y') if l_1_y is missing else l_1_y), 'total'))
            yield '</a> <span class="grade '
            yield escape(environment.getattr((undefined(name='y') if l_1_y is missing else l_1_y), 'grade_class'))
            yield '">'
            yield escape(environment.getattr((undefined(name='y') if l_1_y is missing else l_1_y), 'grade'))
            yield '</span>'
        else:
            pass
            yield '<span class="none" title="这一年没有考评本单位">—</span>'
        yield '</td>\n'
    l_1_year = l_1_y = missing
    yield '  </tr>\n'

blocks = {}
debug_info = '2=26&3=36&4=43&5=45&6=49&7=52'