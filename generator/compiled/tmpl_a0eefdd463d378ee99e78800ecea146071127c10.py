from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'macros.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_ranking_table = l_0_entries_table = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_5 = environment.filters['signed']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'signed' found.")
    try:
        t_6 = environment.tests['string']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'string' found.")
    pass
    yield '\n'
    def macro(l_1_scheme, l_1_net, l_1_sections, l_1_units, l_1_unit_href):
        t_7 = []
        l_1_labels = missing
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
        t_7.extend((
            '<p class="scroll-hint" aria-hidden="true">表格较宽，可左右滑动查看总分、等次和备注。</p>\n<div class="table-wrap">\n<table class="ranking sortable">\n  <caption>',
            escape(environment.getattr(l_1_scheme, 'year')),
            '年度各单位综治考评得分排名<span class="sort-state" aria-live="polite">（按总分从高到低）</span></caption>\n  <thead>\n    <tr>\n      <th scope="col" data-sort="number">名次</th>\n      <th scope="col" data-sort="text">单位</th>\n',
        ))
        for l_2_section in environment.getattr(l_1_scheme, 'sections'):
            _loop_vars = {}
            pass
            t_7.extend((
                '      <th scope="col" data-sort="number" title="',
                escape(environment.getattr(l_2_section, 'title')),
                '（',
                escape(t_4(environment.getattr(l_2_section, 'base'))),
                '分）">',
                escape(environment.getattr(l_2_section, 'label')),
                '</th>\n',
            ))
        l_2_section = missing
        t_7.extend((
            '      <th scope="col" data-sort="number" title="加减分">',
            escape(l_1_net),
            '</th>\n      <th scope="col" data-sort="number">总分</th>\n      <th scope="col" data-sort="text">等次</th>\n      <th scope="col">备注</th>\n    </tr>\n  </thead>\n  <tbody>\n',
        ))
        l_1_labels = t_2(context.eval_ctx, t_3(context, environment.getattr(l_1_scheme, 'sections'), attribute='label'))
        for l_2_r in l_1_units:
            l_2_grade_class = resolve('grade_class')
            l_2_grade_reasons = resolve('grade_reasons')
            l_2_values = l_2_unit = l_2_total = missing
            _loop_vars = {}
            pass
            l_2_values = context.call(l_1_sections, l_2_r, _loop_vars=_loop_vars)
            _loop_vars['values'] = l_2_values
            (l_2_unit, l_2_total) = (environment.getattr(l_2_r, 'unit'), t_4(environment.getattr(l_2_r, 'total')))
            _loop_vars.update({'total': l_2_total, 'unit': l_2_unit})
            t_7.extend((
                '    <tr>\n      <td data-value="',
                escape(environment.getattr(l_2_r, 'rank')),
                '">',
                escape(environment.getattr(l_2_r, 'rank')),
                '</td>\n      <th scope="row" data-value="',
                escape(environment.getattr((undefined(name='unit') if l_2_unit is missing else l_2_unit), 'id')),
                '"><a href="',
                escape(l_1_unit_href),
                escape(environment.getattr((undefined(name='unit') if l_2_unit is missing else l_2_unit), 'id')),
                '.html">',
                escape(environment.getattr((undefined(name='unit') if l_2_unit is missing else l_2_unit), 'name')),
                '</a></th>\n',
            ))
            for l_3_label in (undefined(name='labels') if l_1_labels is missing else l_1_labels):
                l_3_value = missing
                _loop_vars = {}
                pass
                l_3_value = t_4(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), l_3_label))
                _loop_vars['value'] = l_3_value
                t_7.extend((
                    '      <td data-value="',
                    escape((undefined(name='value') if l_3_value is missing else l_3_value)),
                    '">',
                    escape((undefined(name='value') if l_3_value is missing else l_3_value)),
                    '</td>\n',
                ))
            l_3_label = l_3_value = missing
            t_7.extend((
                '      <td data-value="',
                escape(t_4(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), l_1_net))),
                '">',
                escape(t_5(environment.getitem((undefined(name='values') if l_2_values is missing else l_2_values), l_1_net))),
                '</td>\n      <td data-value="',
                escape((undefined(name='total') if l_2_total is missing else l_2_total)),
                '"><strong>',
                escape((undefined(name='total') if l_2_total is missing else l_2_total)),
                '</strong></td>\n      <td data-value="',
                escape(context.call(environment.getattr(environment.getattr(l_1_scheme, 'grade_names'), 'index'), environment.getattr(l_2_r, 'grade'), _loop_vars=_loop_vars)),
                '"><span class="grade ',
                escape(context.call((undefined(name='grade_class') if l_2_grade_class is missing else l_2_grade_class), environment.getattr(l_2_r, 'grade'), l_1_scheme, _loop_vars=_loop_vars)),
                '">',
                escape(environment.getattr(l_2_r, 'grade')),
                '</span></td>\n      <td class="remark">',
                escape(t_1(context.eval_ctx, context.call((undefined(name='grade_reasons') if l_2_grade_reasons is missing else l_2_grade_reasons), l_1_scheme, l_2_r, _loop_vars=_loop_vars), '；')),
                '</td>\n    </tr>\n',
            ))
        l_2_r = l_2_values = l_2_unit = l_2_total = l_2_grade_class = l_2_grade_reasons = missing
        t_7.append(
            '  </tbody>\n</table>\n</div>\n',
        )
        return concat(t_7)
    context.exported_vars.add('ranking_table')
    context.vars['ranking_table'] = l_0_ranking_table = Macro(environment, macro, 'ranking_table', ('scheme', 'net', 'sections', 'units', 'unit_href'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_scheme, l_1_tree, l_1_kind_word, l_1_sign, l_1_empty):
        t_8 = []
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
            t_8.append(
                '<div class="table-wrap">\n<table class="entries">\n  <thead><tr><th scope="col">规则</th><th scope="col">计分</th><th scope="col"><abbr title="按规则应计的分数">应计</abbr></th><th scope="col"><abbr title="计入上限、同一案事件等之后实际计入的分数">实计</abbr></th><th scope="col">说明</th></tr></thead>\n  <tbody>\n',
            )
            l_2_loop = missing
            for l_2_row, l_2_loop in LoopContext((undefined(name='rows') if l_1_rows is missing else l_1_rows), undefined):
                _loop_vars = {}
                pass
                if t_6(l_2_row):
                    pass
                    if (not environment.getattr(l_2_loop, 'first')):
                        pass
                        t_8.append(
                            '</tbody><tbody>',
                        )
                    t_8.extend((
                        '  ',
                        escape(l_2_row),
                        '\n',
                    ))
                else:
                    pass
                    t_8.append(
                        '  <tr class="entry',
                    )
                    if environment.getattr(l_2_row, 'adjusted'):
                        pass
                        t_8.append(
                            ' adjusted',
                        )
                    t_8.extend((
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
                        t_8.extend((
                            '<br><small>日期：',
                            escape(environment.getattr(l_2_row, 'date')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'incident'):
                        pass
                        t_8.extend((
                            '<br><small>案事件：',
                            escape(environment.getattr(l_2_row, 'incident')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'group'):
                        pass
                        t_8.extend((
                            '<br><small>同一项：',
                            escape(environment.getattr(l_2_row, 'group')),
                            '</small>',
                        ))
                    if environment.getattr(l_2_row, 'why'):
                        pass
                        t_8.extend((
                            '<br><small class="why">',
                            escape(environment.getattr(l_2_row, 'why')),
                            '（<a class="clause" href="../rules.html#',
                            escape(environment.getattr(l_2_row, 'why_clause')),
                            '">依据</a>）</small>',
                        ))
                    t_8.append(
                        '</td>\n  </tr>\n',
                    )
            l_2_loop = l_2_row = missing
            t_8.append(
                '  </tbody>\n</table>\n</div>\n',
            )
        else:
            pass
            t_8.extend((
                '<p class="none">',
                escape(l_1_empty),
                '</p>\n',
            ))
        return concat(t_8)
    context.exported_vars.add('entries_table')
    context.vars['entries_table'] = l_0_entries_table = Macro(environment, macro, 'entries_table', ('scheme', 'tree', 'kind_word', 'sign', 'empty'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '6=49&10=65&15=68&16=73&18=83&26=86&27=87&28=93&29=95&31=99&32=103&33=111&34=115&35=119&37=127&38=131&39=135&40=141&50=152&51=167&52=168&57=174&58=177&60=179&61=186&63=194&64=203&65=207&66=209&67=211&68=213&76=256'