from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/grade_bands.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_total = resolve('total')
    l_0_grade = resolve('grade')
    l_0_clause = resolve('clause')
    l_0_words = resolve('words')
    l_0_readings = resolve('readings')
    l_0_readings_anchor = resolve('readings_anchor')
    pass
    yield '<p class="grade-bands">按总分'
    yield escape((undefined(name='total') if l_0_total is missing else l_0_total))
    yield '分，应为'
    yield escape((undefined(name='grade') if l_0_grade is missing else l_0_grade))
    yield '。<a class="clause" href="../rules.html#'
    yield escape((undefined(name='clause') if l_0_clause is missing else l_0_clause))
    yield '">六 考评分类</a>原文：“'
    yield escape((undefined(name='words') if l_0_words is missing else l_0_words))
    yield '。”'
    for l_1_reading in (undefined(name='readings') if l_0_readings is missing else l_0_readings):
        _loop_vars = {}
        pass
        yield '按计分口径，'
        yield escape(l_1_reading)
        yield '。'
    l_1_reading = missing
    yield '（各处读法见<a href="../rules.html#'
    yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
    yield '">计分口径</a>）</p>\n'

blocks = {}
debug_info = '2=18'