from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/part_heading.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_s = resolve('s')
    try:
        t_1 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    pass
    yield '<h2><a class="clause" href="../rules.html#'
    yield escape(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'node'), 'clause'))
    yield '">'
    yield escape(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'node'), 'label'))
    yield '、'
    yield escape(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'node'), 'title'))
    yield '</a> <span class="part-score">'
    yield escape(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'score')))
    yield ' / '
    yield escape(t_1(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'node'), 'base')))
    yield '</span></h2>\n'
    if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'):
        pass
        yield '  <p>基分'
        yield escape(t_1(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'node'), 'base')))
        yield '，扣分'
        yield escape(t_1(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'), 'counted')))
        if environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'), 'held_back'):
            pass
            yield '（合计'
            yield escape(t_1((environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'), 'counted') + environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'), 'held_back'))))
            yield '，超出基分的'
            yield escape(t_1(environment.getattr(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'tree'), 'held_back')))
            yield '分不计）'
        yield '，得分'
        yield escape(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'score')))
        yield '。</p>\n'

blocks = {}
debug_info = '2=19&3=29&4=32'