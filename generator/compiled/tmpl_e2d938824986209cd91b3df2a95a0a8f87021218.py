from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/history_dot.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_dot = resolve('dot')
    l_0_height = resolve('height')
    l_0_x = l_0_y = l_0_label_y = l_0_label = l_0_total = missing
    pass
    (l_0_x, l_0_y, l_0_label_y, l_0_label, l_0_total) = (undefined(name='dot') if l_0_dot is missing else l_0_dot)
    context.vars.update({'label': l_0_label, 'label_y': l_0_label_y, 'total': l_0_total, 'x': l_0_x, 'y': l_0_y})
    context.exported_vars.update(('label', 'label_y', 'total', 'x', 'y'))
    yield '<circle cx="'
    yield escape((undefined(name='x') if l_0_x is missing else l_0_x))
    yield '" cy="'
    yield escape((undefined(name='y') if l_0_y is missing else l_0_y))
    yield '" r="3.5"><title>'
    yield escape((undefined(name='label') if l_0_label is missing else l_0_label))
    yield '年：'
    yield escape((undefined(name='total') if l_0_total is missing else l_0_total))
    yield '分</title></circle>\n      <text x="'
    yield escape((undefined(name='x') if l_0_x is missing else l_0_x))
    yield '" y="'
    yield escape((undefined(name='label_y') if l_0_label_y is missing else l_0_label_y))
    yield '" text-anchor="middle">'
    yield escape((undefined(name='total') if l_0_total is missing else l_0_total))
    yield '</text>\n      <text x="'
    yield escape((undefined(name='x') if l_0_x is missing else l_0_x))
    yield '" y="'
    yield escape(((undefined(name='height') if l_0_height is missing else l_0_height) - 3))
    yield '" text-anchor="middle" class="year">'
    yield escape((undefined(name='label') if l_0_label is missing else l_0_label))
    yield '</text>\n'

blocks = {}
debug_info = '2=14&3=18&4=26&5=32'