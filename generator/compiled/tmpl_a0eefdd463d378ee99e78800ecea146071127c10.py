from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'macros.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_grade_badge = l_0_ranking_table = l_0_entries_table = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_3 = environment.filters['signed']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'signed' found.")
    try:
        t_4 = environment.tests['string']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'string' found.")
    pass
    yield '\n'
    def macro(l_1_grade, l_1_scheme):
        t_5 = []
        l_1_grade_class = resolve('grade_class')
        if l_1_grade is missing:
            l_1_grade = undefined("parameter 'grade' was not provided", name='grade')
        if l_1_scheme is missing:
            l_1_scheme = undefined("parameter 'scheme' was not provided", name='scheme')
        pass
        t_5.extend((
            '<span class="grade ',
            escape(context.call((undefined(name='grade_class') if l_1_grade_class is missing else l_1_grade_class), l_1_grade, l_1_scheme)),
            '">',
            escape(l_1_grade),
            '</span>',
        ))
        return concat(t_5)
    context.exported_vars.add('grade_badge')
    context.vars['grade_badge'] = l_0_grade_badge = Macro(environment, macro, 'grade_badge', ('grade', 'scheme'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_scheme, l_1_net, l_1_sections, l_1_units, l_1_unit_href):
        t_6 = []
        if l_1_scheme is missing:
            l_1_scheme = undefined("parameter 'scheme' was not provided", name='scheme')
        if l_1_net is missing:
            l_1_net = undefined("parameter 'net' was not provided", name='net')
        if l_1_sections is missing:
            l_1_sections = undefined("parameter 'sections' was not provided", name='sections')
        if l_1_units is missing:
            l_1_units = undefined("parameter 'units' was not provided", name='units')
        if l_1_unit_href is missing:
            l_1_unit_href = undefined("parameter 'unit_href' was not provided", name='unit_href')
        pass
        t_6.extend((
            '<p class="scroll-hint" aria-hidden="true">表格较宽，可左右滑动查看总分、等次和备注。</p>\n<div class="table-wrap">\n<table class="ranking sortable">\n  <caption>',
            escape(environment.getattr(l_1_scheme, 'year')),
            '年度各单位综治考评得分排名<span class="sort-state" aria-live="polite">（按总分从高到低）</span></caption>\n  <thead>\n    <tr>\n      <th scope="col" data-sort="number">名次</th>\n      <th scope="col" data-sort="text">单位</th>\n',
        ))
        for l_2_section in environment.getattr(l_1_scheme, 'sections'):
            _loop_vars = {}
            pass
            t_6.extend((
                '      <th scope="col" data-sort="number" title="',
                escape(environment.getattr(l_2_section, 'title')),
                '（',
                escape(t_2(environment.getattr(l_2_section, 'base'))),
                '分）">',
                escape(environment.getattr(l_2_section, 'label')),
                '</th>\n',
            ))
        l_2_section = missing
        t_6.extend((
            '      <th scope="col" data-sort="number" title="加减分">',
            escape(l_1_net),
            '</th>\n      <th scope="col" data-sort="number">总分</th>\n      <th scope="col" data-sort="text">等次</th>\n      <th scope="col">备注</th>\n    </tr>\n  </thead>\n  <tbody>\n',
        ))
        for l_2_r in l_1_units:
            l_2_grade_reasons = resolve('grade_reasons')
            l_2_values = missing
            _loop_vars = {}
            pass
            l_2_values = context.call(l_1_sections, l_2_r, _loop_vars=_loop_vars)
            _loop_vars['values'] = l_2_values
            t_6.extend((
                '    <tr>\n      <td data-value="',
                escape(environment.getattr(l_2_r, 'rank')),
                '">',
                escape(environment.getattr(l_2_r, 'rank')),
                '</td>\n      <th scope="row" data-value="',
                escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'id')),
                '"><a href="',
                escape(l_1_unit_href),
                escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'id')),
                '.html">',
                escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'name')),
                '</a></th>\n',
            ))
            for l_3_section in environment.getattr(l_1_scheme, 'sections'):
                _loop_vars = {}
                pass
                t_6.extend((
                    '      <td data-value="',
                    escape(t_2(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), environment.getattr(l_3_section, 'label')))),
                    '">',
                    escape(t_2(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), environment.getattr(l_3_section, 'label')))),
                    '</td>\n',
                ))
            l_3_section = missing
            t_6.extend((
                '      <td data-value="',
                escape(t_2(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), l_1_net))),
                '">',
                escape(t_3(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), l_1_net))),
                '</td>\n      <td data-value="',
                escape(t_2(environment.getattr(l_2_r, 'total'))),
                '"><strong>',
                escape(t_2(environment.getattr(l_2_r, 'total'))),
                '</strong></td>\n      <td data-value="',
                escape(context.call(environment.getattr(environment.getattr(l_1_scheme, 'grade_names'), 'index'), environment.getattr(l_2_r, 'grade'), _loop_vars=_loop_vars)),
                '">',
                escape(context.call((undefined(name='grade_badge') if l_0_grade_badge is missing else l_0_grade_badge), environment.getattr(l_2_r, 'grade'), l_1_scheme, _loop_vars=_loop_vars)),
                '</td>\n      <td class="remark">',
                escape(t_1(context.eval_ctx, context.call((undefined(name='grade_reasons') if l_2_grade_reasons is missing else l_2_grade_reasons), l_1_scheme, l_2_r, _loop_vars=_loop_vars), '；')),
                '</td>\n    </tr>\n',
            ))
        l_2_r = l_2_values = l_2_grade_reasons = missing
        t_6.append(
            '  </tbody>\n</table>\n</div>\n',
        )
        return concat(t_6)
    context.exported_vars.add('ranking_table')
    context.vars['ranking_table'] = l_0_ranking_table = Macro(environment, macro, 'ranking_table', ('scheme', 'net', 'sections', 'units', 'unit_href'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_scheme, l_1_tree, l_1_kind_word, l_1_sign, l_1_empty):
        t_7 = []
        l_1_breakdown = resolve('breakdown')
        l_1_rows = missing
        if l_1_scheme is missing:
            l_1_scheme = undefined("parameter 'scheme' was not provided", name='scheme')
        if l_1_tree is missing:
            l_1_tree = undefined("parameter 'tree' was not provided", name='tree')
        if l_1_kind_word is missing:
            l_1_kind_word = undefined("parameter 'kind_word' was not provided", name='kind_word')
        if l_1_sign is missing:
            l_1_sign = undefined("parameter 'sign' was not provided", name='sign')
        if l_1_empty is missing:
            l_1_empty = undefined("parameter 'empty' was not provided", name='empty')
        pass
        l_1_rows = context.call((undefined(name='breakdown') if l_1_breakdown is missing else l_1_breakdown), l_1_scheme, l_1_tree, l_1_kind_word, l_1_sign)
        if (undefined(name='rows') if l_1_rows is missing else l_1_rows):
            pass
            t_7.append(
                '<div class="table-wrap">\n<table class="entries">\n  <thead><tr><th scope="col">规则</th><th scope="col">计分</th><th scope="col"><abbr title="按规则应计的分数">应计</abbr></th><th scope="col"><abbr title="计入上限、同一案事件等之后实际计入的分数">实计</abbr></th><th scope="col">说明</th></tr></thead>\n  <tbody>\n',
            )
            l_2_loop = missing
            for l_2_row, l_2_loop in LoopContext((undefined(name='rows') if l_1_rows is missing else l_1_rows), undefined):
                _loop_vars = {}
                pass
                if t_4(l_2_row):
                    pass
                    if (not environment.getattr(l_2_loop, 'first')):
                        pass
                        t_7.append(
                            '</tbody><tbody>',
                        )
                    t_7.extend((
                        '  ',
                        escape(l_2_row),
                        '\n',
                    ))
                else:
                    pass
                    t_7.append(
                        '  <tr class="entry',
                    )
                    if environment.getattr(l_2_row, 'adjusted'):
                        pass
                        t_7.append(
                            ' adjusted',
                        )
                    t_7.extend((
                        '" id="line-',
                        escape(environment.getattr(l_2_row, 'line')),
                        '">\n    <td><a class="clause" href="../rules.html#',
                        escape(environment.getattr(l_2_row, 'clause')),
                        '">',
                        escape(environment.getattr(l_2_row, 'rule')),
                        '</a></td>\n    <td class="num" data-label="计分">',
                        escape(environment.getattr(l_2_row, 'how')),
                        '</td>\n    <td class="num" data-label="应计">',
                        escape(environment.getattr(l_2_row, 'nominal')),
                        '</td>\n    <td class="num" data-label="实计"><strong>',
                        escape(environment.getattr(l_2_row, 'counted')),
                        '</strong></td>\n    <td class="note">',
                        escape(environment.getattr(l_2_row, 'note')),
                    ))
                    if environment.getattr(l_2_row, 'date'):
                        pass
                        t_7.extend((
                            '<br><small>日期：',
                            escape(environment.getattr(l_2_row, 'date')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'incident'):
                        pass
                        t_7.extend((
                            '<br><small>案事件：',
                            escape(environment.getattr(l_2_row, 'incident')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'group'):
                        pass
                        t_7.extend((
                            '<br><small>同一项：',
                            escape(environment.getattr(l_2_row, 'group')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'why'):
                        pass
                        t_7.extend((
                            '<br><small class="why">',
                            escape(environment.getattr(l_2_row, 'why')),
                            '（<a class="clause" href="../rules.html#',
                            escape(environment.getattr(l_2_row, 'why_clause')),
                            '">依据</a>）</small>',
                        ))
                    t_7.append(
                        '</td>\n  </tr>\n',
                    )
            l_2_loop = l_2_row = missing
            t_7.append(
                '  </tbody>\n</table>\n</div>\n',
            )
        else:
            pass
            t_7.extend((
                '<p class="none">',
                escape(l_1_empty),
                '</p>\n',
            ))
        return concat(t_7)
    context.exported_vars.add('entries_table')
    context.vars['entries_table'] = l_0_entries_table = Macro(environment, macro, 'entries_table', ('scheme', 'tree', 'kind_word', 'sign', 'empty'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '5=37&6=47&10=56&14=71&19=74&20=79&22=89&29=92&30=97&32=101&33=105&34=113&35=118&37=126&38=130&39=134&40=138&50=149&51=164&52=165&57=171&58=174&60=176&61=183&63=191&64=200&65=204&66=206&67=208&68=210&76=253'