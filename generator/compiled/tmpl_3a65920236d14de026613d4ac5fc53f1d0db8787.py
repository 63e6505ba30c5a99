from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/item_row.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_item = resolve('item')
    l_0_kind_word = resolve('kind_word')
    l_0_node = missing
    try:
        t_1 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_node = environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'node')
    context.vars['node'] = l_0_node
    context.exported_vars.add('node')
    yield '<tr class="item">\n    <th scope="rowgroup" colspan="2"><a class="clause" href="../rules.html#'
    yield escape(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'clause'))
    yield '">'
    yield escape(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'label'))
    yield ' '
    yield escape(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'title'))
    yield '</a></th>\n    <td class="num" colspan="3">'
    if (not t_2(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'base'))):
        pass
        yield '基分'
        yield escape(t_1(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'base')))
        yield '，'
        yield escape((undefined(name='kind_word') if l_0_kind_word is missing else l_0_kind_word))
        yield escape(t_1(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'counted')))
        yield '，得分'
        yield escape(t_1(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'score')))
    else:
        pass
        if (not t_2(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'cap'))):
            pass
            yield '以'
            yield escape(t_1(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'cap')))
            yield '分为限，'
        yield '计'
        yield escape(t_1(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'counted')))
        yield '分'
    if environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'held_back'):
        pass
        yield '（合计'
        yield escape(t_1((environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'counted') + environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'held_back'))))
        yield '，超出'
        yield escape(('基分' if (not t_2(environment.getattr((undefined(name='node') if l_0_node is missing else l_0_node), 'base'))) else '上限'))
        yield '的'
        yield escape(t_1(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'held_back')))
        yield '分不计）'
    yield '</td>\n  </tr>\n'

blocks = {}
debug_info = '2=26&4=30&5=36'