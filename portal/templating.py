"""The portal's Jinja environment: autoescaped output without a Markup object per value.

Under autoescape Jinja passes every `{{ value }}` through markupsafe's `escape`, which makes a
Markup string of each, whatever it holds: 0.5–0.9 µs a value, 1.4 µs for a value that is
Markup already. A Client Requests page writes about 300 values (eleven a row), so that was a
tenth of a dashboard request (bench/RESULTS.md). Text with nothing to escape, whole numbers and
Markup are written as they are, everything else still goes through `escape`: the page reads
the same, byte for byte.
"""

from flask.templating import Environment
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape


def escape_output(value):
    """What `{{ value }}` writes under autoescape: exactly what `escape` would, as plain text
    when escaping would change nothing."""
    kind = type(value)
    if kind is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return escape(value)
        return value
    if kind is int:
        return str(value)
    if kind is Markup:
        return value
    return escape(value)


class _EscapingCodeGenerator(CodeGenerator):
    """Compiles `{{ value }}` under autoescape to `escape_output(value)` instead of
    `escape(value)`; the output is only ever joined into the page, so plain text is as good
    as Markup there. Templates whose autoescape changes as they run keep Jinja's own code."""

    def visit_Template(self, node, frame=None):
        self.writeline(f"from {__name__} import escape_output")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class PortalEnvironment(Environment):
    code_generator_class = _EscapingCodeGenerator
