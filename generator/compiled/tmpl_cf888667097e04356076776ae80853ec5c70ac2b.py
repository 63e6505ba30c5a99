from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site.js'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '/* The filter of units.html: shows the rows whose unit names hold what is typed. Plain script, no\n   library, works from file://. Year pages load this file too, only to learn that it is there\n   (nav.js): elsewhere it finds no filter and does nothing. */\n(function () {\n  "use strict";\n  var box = document.getElementById("unit-filter");\n  if (!box) { return; }\n  var rows = document.querySelectorAll("#unit-index tbody tr");\n  var status = document.getElementById("unit-count");\n  function apply() {\n    var words = box.value.replace(/\\s+/g, "");\n    var shown = 0;\n    Array.prototype.forEach.call(rows, function (row) {\n      var match = row.getAttribute("data-search").replace(/\\s+/g, "").indexOf(words) >= 0;\n      row.hidden = !match;\n      shown += match ? 1 : 0;\n    });\n    status.textContent = words ? "找到" + shown + "个单位" : "共" + rows.length + "个单位";\n  }\n  box.addEventListener("input", apply);\n  box.parentNode.hidden = false;\n  apply();\n})();\n'

blocks = {}
debug_info = ''