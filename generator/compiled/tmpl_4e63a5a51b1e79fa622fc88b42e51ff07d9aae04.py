from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/poll.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_level = resolve('level')
    l_0_clause = resolve('clause')
    l_0_band = resolve('band')
    l_0_poll_score = resolve('poll_score')
    l_0_nominal = resolve('nominal')
    l_0_counts = resolve('counts')
    l_0_counted = resolve('counted')
    l_0_base = resolve('base')
    l_0_score = resolve('score')
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<p>本单位为'
    yield escape((undefined(name='level') if l_0_level is missing else l_0_level))
    yield '单位，按<a class="clause" href="../rules.html#'
    yield escape((undefined(name='clause') if l_0_clause is missing else l_0_clause))
    yield '">民意调查评分办法</a>计分：'
    if (not t_1((undefined(name='band') if l_0_band is missing else l_0_band))):
        pass
        yield '第三方民调得分'
        yield escape((undefined(name='poll_score') if l_0_poll_score is missing else l_0_poll_score))
        yield '分，属“'
        yield escape((undefined(name='band') if l_0_band is missing else l_0_band))
        yield '”档，扣'
        yield escape((undefined(name='nominal') if l_0_nominal is missing else l_0_nominal))
        yield '分。'
    else:
        pass
        l_1_loop = missing
        for (l_1_answer, l_1_count, l_1_per), l_1_loop in LoopContext((undefined(name='counts') if l_0_counts is missing else l_0_counts), undefined):
            _loop_vars = {}
            pass
            yield escape(l_1_answer)
            yield escape(l_1_count)
            yield '人次 × '
            yield escape(l_1_per)
            yield '分'
            yield escape(('，' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 6 in 'fragments/poll.html' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_answer = l_1_count = l_1_per = missing
        yield '，共扣'
        yield escape((undefined(name='nominal') if l_0_nominal is missing else l_0_nominal))
        yield '分'
        if ((undefined(name='counted') if l_0_counted is missing else l_0_counted) != (undefined(name='nominal') if l_0_nominal is missing else l_0_nominal)):
            pass
            yield '，以本部分基分'
            yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
            yield '分为限，实扣'
            yield escape((undefined(name='counted') if l_0_counted is missing else l_0_counted))
            yield '分'
        yield '。'
    yield '得分'
    yield escape((undefined(name='score') if l_0_score is missing else l_0_score))
    yield '。</p>\n'

blocks = {}
debug_info = '2=27&3=31&4=34&6=43&8=65'