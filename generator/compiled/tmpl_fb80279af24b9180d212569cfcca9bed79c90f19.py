from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fragments/section_bar.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_bar = resolve('bar')
    pass
    yield '<text x="0" y="'
    yield escape((environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'y') + 15))
    yield '">'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'label'))
    yield '</text>\n    <rect class="track" x="30" y="'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'y'))
    yield '" width="'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'full'))
    yield '" height="20"/>\n    <rect class="fill" x="30" y="'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'y'))
    yield '" width="'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'width'))
    yield '" height="20"><title>'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'label'))
    yield '：'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'score'))
    yield ' / '
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'base'))
    yield '</title></rect>\n    <text x="'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'text_x'))
    yield '" y="'
    yield escape((environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'y') + 15))
    yield '">'
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'score'))
    yield ' / '
    yield escape(environment.getattr((undefined(name='bar') if l_0_bar is missing else l_0_bar), 'base'))
    yield '</text>\n'

blocks = {}
debug_info = '2=13&3=17&4=21&5=31'