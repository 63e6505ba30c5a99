from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'unit.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_r = resolve('r')
    l_0_entries_table = l_0_unit = missing
    pass
    parent_template = environment.get_template('base.html', 'unit.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('macros.html', 'unit.html')._get_default_module(context)
    l_0_entries_table = getattr(included_template, 'entries_table', missing)
    if l_0_entries_table is missing:
        l_0_entries_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'unit.html') does not export the requested name 'entries_table'", name='entries_table')
    context.vars['entries_table'] = l_0_entries_table
    context.exported_vars.discard('entries_table')
    l_0_unit = environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'unit')
    context.vars['unit'] = l_0_unit
    context.exported_vars.add('unit')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_unit = resolve('unit')
    l_0_scheme = resolve('scheme')
    pass
    yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'name'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度综治考评得分明细'

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_unit = resolve('unit')
    l_0_scheme = resolve('scheme')
    pass
    yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'name'))
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度社会治安综合治理考评得分明细：等次、总分、名次和每一项扣分加分的依据。'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_scheme = resolve('scheme')
    l_0_unit = resolve('unit')
    l_0_grade_class = resolve('grade_class')
    l_0_r = resolve('r')
    l_0_year = resolve('year')
    l_0_grade_bands = resolve('grade_bands')
    l_0_sections_chart = resolve('sections_chart')
    l_0_net = resolve('net')
    l_0_entries_table = resolve('entries_table')
    l_0_history = resolve('history')
    l_0_previous = resolve('previous')
    l_0_following = resolve('following')
    try:
        t_1 = environment.filters['cn_date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'cn_date' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_4 = environment.filters['signed']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'signed' found.")
    pass
    yield '<article class="breakdown">\n<header class="unit-head">\n  <p class="crumbs"><a href="../index.html">'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度通报</a> › 单位得分明细</p>\n  <h1>'
    yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'name'))
    yield '</h1>\n  <p class="unit-meta">'
    yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'level'))
    if environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'short'):
        pass
        yield ' · 简称'
        yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'short'))
    yield ' · <span title="录入本单位情况的文件">数据文件 '
    yield escape(environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'id'))
    yield '.yaml</span></p>\n  <dl class="verdict">\n    <div><dt>等次</dt><dd><span class="grade '
    yield escape(context.call((undefined(name='grade_class') if l_0_grade_class is missing else l_0_grade_class), environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grade'), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), _block_vars=_block_vars))
    yield '">'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grade'))
    yield '</span></dd></div>\n    <div><dt>总分</dt><dd class="big">'
    yield escape(t_3(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')))
    yield '</dd></div>\n    <div><dt>名次</dt><dd class="big">'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'rank'))
    yield '<small> / '
    yield escape(t_2(environment.getattr((undefined(name='year') if l_0_year is missing else l_0_year), 'units')))
    yield '</small></dd></div>\n  </dl>\n  <section class="grade-why" aria-labelledby="why">\n    <h2 id="why">等次依据</h2>\n    '
    yield escape(context.call((undefined(name='grade_bands') if l_0_grade_bands is missing else l_0_grade_bands), (undefined(name='r') if l_0_r is missing else l_0_r), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), _block_vars=_block_vars))
    if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'conditions'):
        pass
        yield '    <ul class="conditions">\n'
        for l_1_a in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'conditions'):
            _loop_vars = {}
            pass
            yield '      <li'
            if environment.getattr(l_1_a, 'decisive'):
                pass
                yield ' class="decisive"'
            yield '>\n        <strong>'
            yield escape(environment.getattr(environment.getattr(l_1_a, 'condition'), 'name'))
            yield '</strong>（<a class="clause" href="../rules.html#'
            yield escape(environment.getattr(environment.getattr(l_1_a, 'condition'), 'clause'))
            yield '">原文</a>）：'
            yield escape(environment.getattr(l_1_a, 'reason'))
            yield '。'
            yield escape(context.call(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'effect_words'), environment.getattr(environment.getattr(l_1_a, 'condition'), 'at_most'), _loop_vars=_loop_vars))
            if environment.getattr(l_1_a, 'decisive'):
                pass
                yield '，本单位因此评为'
                yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grade'))
            elif environment.getattr(environment.getattr(l_1_a, 'condition'), 'at_most'):
                pass
                yield '（未改变本单位等次）'
            yield '。\n      </li>\n'
        l_1_a = missing
        yield '    </ul>\n'
    else:
        pass
        yield '    <p>没有影响等次的情形。</p>\n'
    yield '    <p>最终等次：<span class="grade '
    yield escape(context.call((undefined(name='grade_class') if l_0_grade_class is missing else l_0_grade_class), environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grade'), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), _block_vars=_block_vars))
    yield '">'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grade'))
    yield '</span></p>\n  </section>\n</header>\n\n'
    yield escape((undefined(name='sections_chart') if l_0_sections_chart is missing else l_0_sections_chart))
    yield '\n<p class="table-help">下面各表中，<dfn>应计</dfn>是按规则算出的分数，<dfn>实计</dfn>是按上限、同一案事件只计一次等规定实际计入的分数。</p>\n\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'sections'), undefined):
        l_1_part_heading = resolve('part_heading')
        l_1_poll_part = resolve('poll_part')
        _loop_vars = {}
        pass
        yield '<section class="part" id="part-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">\n  '
        yield escape(context.call((undefined(name='part_heading') if l_1_part_heading is missing else l_1_part_heading), l_1_s, _loop_vars=_loop_vars))
        yield '\n'
        if environment.getattr(l_1_s, 'poll'):
            pass
            yield '  '
            yield escape(context.call((undefined(name='poll_part') if l_1_poll_part is missing else l_1_poll_part), l_1_s, (undefined(name='unit') if l_0_unit is missing else l_0_unit), _loop_vars=_loop_vars))
        else:
            pass
            yield '  '
            yield escape(context.call((undefined(name='entries_table') if l_0_entries_table is missing else l_0_entries_table), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), environment.getattr(l_1_s, 'tree'), '扣分', '−', '本部分没有扣分。', _loop_vars=_loop_vars))
            yield '\n'
        yield '</section>\n'
    l_1_loop = l_1_s = l_1_part_heading = l_1_poll_part = missing
    yield '\n<section class="part" id="part-adjust">\n  <h2><a class="clause" href="../rules.html#'
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'bonuses'), 'clause'))
    yield '">'
    yield escape((undefined(name='net') if l_0_net is missing else l_0_net))
    yield '、加减分</a> <span class="part-score">'
    yield escape(t_4(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'net')))
    yield '</span></h2>\n  <h3><a class="clause" href="../rules.html#'
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'bonuses'), 'clause'))
    yield '">'
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'bonuses'), 'label'))
    yield ' '
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'bonuses'), 'title'))
    yield '</a>：'
    yield escape(t_4(environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'bonuses'), 'counted')))
    yield '</h3>\n  '
    yield escape(context.call((undefined(name='entries_table') if l_0_entries_table is missing else l_0_entries_table), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'bonuses'), '加分', '+', '没有加分。', _block_vars=_block_vars))
    yield '\n  <h3><a class="clause" href="../rules.html#'
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'penalties'), 'clause'))
    yield '">'
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'penalties'), 'label'))
    yield ' '
    yield escape(environment.getattr(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'penalties'), 'title'))
    yield '</a>：'
    yield escape(t_4((-environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'penalties'), 'counted'))))
    yield '</h3>\n  '
    yield escape(context.call((undefined(name='entries_table') if l_0_entries_table is missing else l_0_entries_table), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'score'), 'penalties'), '减分', '−', '没有减分。', _block_vars=_block_vars))
    yield '\n</section>\n\n<section class="part" id="part-findings">\n  <h2><a class="clause" href="../rules.html#'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'grades_clause'))
    yield '">考评分类情形</a></h2>\n'
    if environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'findings'):
        pass
        yield '  <ul>\n'
        for l_1_e in environment.getattr((undefined(name='unit') if l_0_unit is missing else l_0_unit), 'findings'):
            l_1_c = missing
            _loop_vars = {}
            pass
            l_1_c = environment.getitem(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'findings'), environment.getattr(l_1_e, 'rule'))
            _loop_vars['c'] = l_1_c
            yield '    <li><a class="clause" href="../rules.html#'
            yield escape(environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'clause'))
            yield '">'
            yield escape(environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'name'))
            yield '</a>：'
            yield escape(environment.getattr(l_1_e, 'note'))
            if environment.getattr(l_1_e, 'date'):
                pass
                yield '（'
                yield escape(t_1(environment.getattr(l_1_e, 'date')))
                yield '）'
            yield '。'
            yield escape(context.call(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'effect_words'), environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'at_most'), _loop_vars=_loop_vars))
            if environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'listed_as'):
                pass
                yield '，列入“'
                yield escape(environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'listed_as'))
                yield '”名单'
            yield '。</li>\n'
        l_1_e = l_1_c = missing
        yield '  </ul>\n'
    else:
        pass
        yield '  <p class="none">没有录入考评分类情形。</p>\n'
    yield '</section>\n\n'
    yield escape((undefined(name='history') if l_0_history is missing else l_0_history))
    yield '<nav class="unit-pager" aria-label="按名次的上一个和下一个单位">\n'
    if (undefined(name='previous') if l_0_previous is missing else l_0_previous):
        pass
        yield '<a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='previous') if l_0_previous is missing else l_0_previous), 'unit'), 'id'))
        yield '.html" rel="prev">← 上一名：'
        yield escape(environment.getattr(environment.getattr((undefined(name='previous') if l_0_previous is missing else l_0_previous), 'unit'), 'name'))
        yield '</a>'
    if (undefined(name='following') if l_0_following is missing else l_0_following):
        pass
        yield '<a href="'
        yield escape(environment.getattr(environment.getattr((undefined(name='following') if l_0_following is missing else l_0_following), 'unit'), 'id'))
        yield '.html" rel="next">下一名：'
        yield escape(environment.getattr(environment.getattr((undefined(name='following') if l_0_following is missing else l_0_following), 'unit'), 'name'))
        yield ' →</a>'
    yield '</nav>\n</article>\n'

blocks = {'title': block_title, 'description': block_description, 'main': block_main}
debug_info = '1=14&2=17&3=23&4=28&5=43&6=57&9=102&10=104&11=106&13=114&14=118&15=120&19=124&20=125&22=128&23=132&24=136&25=142&32=157&36=161&39=164&40=170&41=172&42=174&43=177&45=181&51=186&52=192&53=200&54=202&55=210&59=212&60=214&62=217&63=221&64=224&72=248&73=250&74=257'