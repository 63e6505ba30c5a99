from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'bulletin.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_ranking_table = missing
    pass
    parent_template = environment.get_template('base.html', 'bulletin.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('macros.html', 'bulletin.html')._get_default_module(context)
    l_0_ranking_table = getattr(included_template, 'ranking_table', missing)
    if l_0_ranking_table is missing:
        l_0_ranking_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'bulletin.html') does not export the requested name 'ranking_table'", name='ranking_table')
    context.vars['ranking_table'] = l_0_ranking_table
    context.exported_vars.discard('ranking_table')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_bulletin = resolve('bulletin')
    pass
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'title'))

def block_description(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_scheme = resolve('scheme')
    pass
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度局属各单位社会治安综合治理考评结果通报：各单位得分、排名和等次。'

def block_scripts(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '<script src="assets/sort.js" defer></script>\n'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_scheme = resolve('scheme')
    l_0_bulletin = resolve('bulletin')
    l_0_opening = resolve('opening')
    l_0_year = resolve('year')
    l_0_listed = resolve('listed')
    l_0_closing = resolve('closing')
    l_0_readings_anchor = resolve('readings_anchor')
    l_0_ranking_table = resolve('ranking_table')
    l_0_net = resolve('net')
    l_0_sections = resolve('sections')
    l_0_chart = resolve('chart')
    l_0_annex_title = l_0_section_no = l_0_label_x = l_0_value_x = missing
    try:
        t_1 = environment.filters['cn_date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'cn_date' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_5 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    try:
        t_6 = environment.filters['title_lines']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'title_lines' found.")
    pass
    l_0_annex_title = markup_join((environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'), '年度局属各单位社会治安综合治理考评得分排名表', ))
    _block_vars['annex_title'] = l_0_annex_title
    yield '<article class="document">\n  <header class="doc-head">\n    <p class="issuer">'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'issuer'))
    yield '</p>\n    <p class="doc-number">'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'doc_number'))
    yield '</p>\n    <hr class="red-rule">\n  </header>\n  <h1 class="doc-title">'
    for l_1_line in environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'title_lines'):
        _loop_vars = {}
        pass
        yield '<span class="title-line">'
        yield escape(l_1_line)
        yield '</span>'
    l_1_line = missing
    yield '</h1>\n  <p class="recipients">'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'recipients'))
    yield '</p>\n  <div class="doc-text">'
    yield escape(t_5((undefined(name='opening') if l_0_opening is missing else l_0_opening)))
    yield '</div>\n\n  <h2>一、考评总体情况</h2>\n  <p>本年度共考评'
    yield escape(t_3(environment.getattr((undefined(name='year') if l_0_year is missing else l_0_year), 'units')))
    yield '个单位，其中'
    l_1_loop = missing
    for l_1_grade, l_1_loop in LoopContext(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'grade_names'), undefined):
        l_1_by_grade = resolve('by_grade')
        _loop_vars = {}
        pass
        yield escape(l_1_grade)
        yield '等次'
        yield escape(t_3(environment.getitem((undefined(name='by_grade') if l_1_by_grade is missing else l_1_by_grade), l_1_grade)))
        yield '个'
        yield escape(('，' if (not environment.getattr(l_1_loop, 'last')) else '。'))
    l_1_loop = l_1_grade = l_1_by_grade = missing
    yield '各单位得分及排名见附件。</p>\n\n'
    l_1_loop = missing
    for l_1_grade, l_1_loop in LoopContext(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'grade_names'), undefined):
        l_1_by_grade = resolve('by_grade')
        l_1_units = missing
        _loop_vars = {}
        pass
        yield '  <h2>'
        yield escape(environment.getitem(['二', '三', '四', '五', '六'], environment.getattr(l_1_loop, 'index0')))
        yield '、'
        yield escape(l_1_grade)
        yield '等次单位（'
        yield escape(t_3(environment.getitem((undefined(name='by_grade') if l_1_by_grade is missing else l_1_by_grade), l_1_grade)))
        yield '个）</h2>\n'
        l_1_units = environment.getitem((undefined(name='by_grade') if l_1_by_grade is missing else l_1_by_grade), l_1_grade)
        _loop_vars['units'] = l_1_units
        if (not (undefined(name='units') if l_1_units is missing else l_1_units)):
            pass
            yield '  <p>无。</p>\n'
        elif environment.getattr(l_1_loop, 'last'):
            pass
            yield '  <ol class="fail-list">\n'
            for l_2_r in (undefined(name='units') if l_1_units is missing else l_1_units):
                l_2_grade_reasons = resolve('grade_reasons')
                _loop_vars = {}
                pass
                yield '    <li><a href="units/'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'id'))
                yield '.html">'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'name'))
                yield '</a>：'
                yield escape(t_2(context.eval_ctx, context.call((undefined(name='grade_reasons') if l_2_grade_reasons is missing else l_2_grade_reasons), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), l_2_r, _loop_vars=_loop_vars), '；'))
                yield '。</li>\n'
            l_2_r = l_2_grade_reasons = missing
            yield '  </ol>\n'
        else:
            pass
            yield '  <p class="unit-list">'
            l_2_loop = missing
            for l_2_r, l_2_loop in LoopContext((undefined(name='units') if l_1_units is missing else l_1_units), undefined):
                _loop_vars = {}
                pass
                yield '<a href="units/'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'id'))
                yield '.html">'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'name'))
                yield '</a>'
                yield escape(('、' if (not environment.getattr(l_2_loop, 'last')) else '。'))
            l_2_loop = l_2_r = missing
            yield '</p>\n'
    l_1_loop = l_1_grade = l_1_by_grade = l_1_units = missing
    yield '\n'
    l_0_section_no = environment.getitem(['二', '三', '四', '五', '六', '七'], t_3(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'grade_names')))
    _block_vars['section_no'] = l_0_section_no
    yield '  <h2>'
    yield escape((undefined(name='section_no') if l_0_section_no is missing else l_0_section_no))
    yield '、挂牌督办和一票否决单位</h2>\n  <p>根据考评细则第四部分第（二）项，对以下单位由局党委召集其第一责任人进行诫勉谈话'
    if ('一票否决' in (undefined(name='listed') if l_0_listed is missing else l_0_listed)):
        pass
        yield '；对“一票否决”的单位，严格进行责任督导和追究'
    yield '：</p>\n'
    l_1_loop = missing
    for (l_1_name, l_1_units), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='listed') if l_0_listed is missing else l_0_listed), 'items'), _block_vars=_block_vars), undefined):
        _loop_vars = {}
        pass
        yield '  <p class="listed"><span class="listed-name">'
        yield escape(l_1_name)
        yield '：</span>'
        if l_1_units:
            pass
            l_2_loop = missing
            for l_2_r, l_2_loop in LoopContext(l_1_units, undefined):
                _loop_vars = {}
                pass
                yield '<a href="units/'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'id'))
                yield '.html">'
                yield escape(environment.getattr(environment.getattr(l_2_r, 'unit'), 'name'))
                yield '</a>'
                yield escape(('、' if (not environment.getattr(l_2_loop, 'last')) else '。'))
            l_2_loop = l_2_r = missing
        else:
            pass
            yield '无。'
        yield '</p>\n'
    l_1_loop = l_1_name = l_1_units = missing
    yield '\n  <div class="doc-text">'
    yield escape(t_5((undefined(name='closing') if l_0_closing is missing else l_0_closing)))
    yield '</div>\n\n  <p class="annex-note"><span class="annex-word">附件：</span><span class="annex-name">'
    yield escape((undefined(name='annex_title') if l_0_annex_title is missing else l_0_annex_title))
    yield '</span></p>\n\n  <div class="signature">\n    <p class="signer"><span>'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'signature'))
    yield '</span></p>\n    <p class="sign-date">'
    yield escape(t_1(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'date')))
    yield '</p>\n  </div>\n</article>\n\n<section class="annex" aria-labelledby="annex-title">\n  <p class="annex-label">附件</p>\n  <h2 id="annex-title" class="annex-title">'
    for l_1_line in t_6((undefined(name='annex_title') if l_0_annex_title is missing else l_0_annex_title)):
        _loop_vars = {}
        pass
        yield '<span class="title-line">'
        yield escape(l_1_line)
        yield '</span>'
    l_1_line = missing
    yield '</h2>\n  <p class="table-help no-print">点击表头可排序；点击单位名称查看得分明细。细则可有两种读法之处，按<a href="rules.html#'
    yield escape((undefined(name='readings_anchor') if l_0_readings_anchor is missing else l_0_readings_anchor))
    yield '">计分口径</a>计分。</p>\n  '
    yield escape(context.call((undefined(name='ranking_table') if l_0_ranking_table is missing else l_0_ranking_table), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), (undefined(name='net') if l_0_net is missing else l_0_net), (undefined(name='sections') if l_0_sections is missing else l_0_sections), environment.getattr((undefined(name='year') if l_0_year is missing else l_0_year), 'units'), 'units/', _block_vars=_block_vars))
    yield '\n  <p class="table-legend">注：'
    for l_1_section in environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'sections'):
        _loop_vars = {}
        pass
        yield escape(environment.getattr(l_1_section, 'label'))
        yield '为'
        yield escape(environment.getattr(l_1_section, 'title'))
        yield '（'
        yield escape(t_4(environment.getattr(l_1_section, 'base')))
        yield '分），'
    l_1_section = missing
    yield escape((undefined(name='net') if l_0_net is missing else l_0_net))
    yield '为加减分；备注栏为评定等次的依据。</p>\n  <p class="downloads no-print">下载：<a href="bulletin.docx" download="'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'title'))
    yield '.docx">通报 Word 版</a>（供签发、盖章，按党政机关公文格式排版）、<a href="results.csv" download="'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度考评结果.csv">'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度考评结果.csv</a>（可用 Excel 打开）、<a href="results.json" download="'
    yield escape(environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'year'))
    yield '年度考评结果.json">JSON 格式</a></p>\n\n  <figure class="chart">\n    <figcaption>各单位总分（与上表相同；竖线为等次分数线：'
    l_1_loop = missing
    for l_1_line, l_1_loop in LoopContext(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'lines'), undefined):
        _loop_vars = {}
        pass
        yield escape(environment.getattr(l_1_line, 'label'))
        yield '分'
        yield escape(('、' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 65 in 'bulletin.html' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_line = missing
    yield '；条的颜色表示最终等次'
    for l_1_grade in environment.getattr((undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), 'grade_names'):
        l_1_grade_class = resolve('grade_class')
        _loop_vars = {}
        pass
        yield '，<span class="legend '
        yield escape(context.call((undefined(name='grade_class') if l_1_grade_class is missing else l_1_grade_class), l_1_grade, (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), _loop_vars=_loop_vars))
        yield '" aria-hidden="true">■</span>'
        yield escape(l_1_grade)
    l_1_grade = l_1_grade_class = missing
    yield '。最终等次还要看考评分类情形，见各单位明细）</figcaption>\n    <p class="scroll-hint" aria-hidden="true">图较宽，可左右滑动查看。</p>\n    <svg class="totals-chart" viewBox="0 0 '
    yield escape(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'width'))
    yield ' '
    yield escape(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'height'))
    yield '" width="'
    yield escape(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'width'))
    yield '" height="'
    yield escape(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'height'))
    yield '" aria-hidden="true" focusable="false">\n'
    for l_1_tick in environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'ticks'):
        _loop_vars = {}
        pass
        yield '      <text class="tick" x="'
        yield escape(environment.getattr(l_1_tick, 'x'))
        yield '" y="'
        yield escape((environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'height') - 6))
        yield '" text-anchor="middle">'
        yield escape(environment.getattr(l_1_tick, 'label'))
        yield '</text>\n'
    l_1_tick = missing
    (l_0_label_x, l_0_value_x) = ((environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'left') - 6), (environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'left') + 4))
    _block_vars.update({'label_x': l_0_label_x, 'value_x': l_0_value_x})
    for l_1_bar in environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'bars'):
        l_1_grade_class = resolve('grade_class')
        l_1_text_y = missing
        _loop_vars = {}
        pass
        l_1_text_y = (environment.getattr(l_1_bar, 'y') + 12)
        _loop_vars['text_y'] = l_1_text_y
        yield '      <a href="'
        yield escape(environment.getattr(l_1_bar, 'href'))
        yield '" tabindex="-1">\n        <text class="bar-label" x="'
        yield escape((undefined(name='label_x') if l_0_label_x is missing else l_0_label_x))
        yield '" y="'
        yield escape((undefined(name='text_y') if l_1_text_y is missing else l_1_text_y))
        yield '" text-anchor="end">'
        yield escape(environment.getattr(l_1_bar, 'label'))
        yield '</text>\n        <rect class="bar '
        yield escape(context.call((undefined(name='grade_class') if l_1_grade_class is missing else l_1_grade_class), environment.getattr(l_1_bar, 'grade'), (undefined(name='scheme') if l_0_scheme is missing else l_0_scheme), _loop_vars=_loop_vars))
        yield '" x="'
        yield escape(environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'left'))
        yield '" y="'
        yield escape(environment.getattr(l_1_bar, 'y'))
        yield '" width="'
        yield escape(environment.getattr(l_1_bar, 'width'))
        yield '" height="16"><title>'
        yield escape(environment.getattr(l_1_bar, 'label'))
        yield '：'
        yield escape(environment.getattr(l_1_bar, 'value'))
        yield '分，'
        yield escape(environment.getattr(l_1_bar, 'grade'))
        yield '</title></rect>\n        <text class="bar-value" x="'
        yield escape((undefined(name='value_x') if l_0_value_x is missing else l_0_value_x))
        yield '" y="'
        yield escape((undefined(name='text_y') if l_1_text_y is missing else l_1_text_y))
        yield '">'
        yield escape(environment.getattr(l_1_bar, 'value'))
        yield '</text>\n      </a>\n'
    l_1_bar = l_1_text_y = l_1_grade_class = missing
    for l_1_line in environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'lines'):
        _loop_vars = {}
        pass
        yield '      <line class="threshold" x1="'
        yield escape(environment.getattr(l_1_line, 'x'))
        yield '" x2="'
        yield escape(environment.getattr(l_1_line, 'x'))
        yield '" y1="0" y2="'
        yield escape((environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'height') - 20))
        yield '"/>\n      <text class="threshold-label" x="'
        yield escape(environment.getattr(l_1_line, 'x'))
        yield '" y="'
        yield escape((environment.getattr((undefined(name='chart') if l_0_chart is missing else l_0_chart), 'height') - 6))
        yield '" text-anchor="middle">'
        yield escape(environment.getattr(l_1_line, 'label'))
        yield '</text>\n'
    l_1_line = missing
    yield '    </svg>\n  </figure>\n</section>\n\n<footer class="imprint" aria-label="版记">\n'
    if environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'copy_to'):
        pass
        yield '<p class="copy-to">抄送：'
        yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'copy_to'))
        yield '</p>'
    yield '  <p class="printed"><span class="printed-by">'
    yield escape(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'printed_by'))
    yield '</span><span class="printed-on">'
    yield escape(t_1(environment.getattr((undefined(name='bulletin') if l_0_bulletin is missing else l_0_bulletin), 'printed_on')))
    yield '印发</span></p>\n</footer>\n'

blocks = {'title': block_title, 'description': block_description, 'scripts': block_scripts, 'main': block_main}
debug_info = '1=13&2=16&3=24&4=35&5=47&8=57&9=113&12=116&13=118&16=120&17=128&18=130&21=132&23=147&24=153&25=159&26=161&28=164&30=167&31=172&35=184&39=197&40=200&41=202&42=207&43=211&46=232&48=234&51=236&52=238&58=240&59=248&60=250&61=252&62=264&65=273&69=291&70=299&71=303&73=310&74=312&75=317&76=320&77=322&78=328&79=342&82=349&83=353&84=359&91=367&92=373'