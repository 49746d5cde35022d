"""A calculator for untrusted arithmetic: numbers, + - * / **, %, round, min, max, sum, abs.

The expression is parsed with :func:`ast.parse` and the tree is walked by hand; nothing
is ever compiled or run as Python code, and every node type outside a short allow-list
is refused before any arithmetic happens.  Arithmetic is exact: numbers are read from
their source text into :class:`~fractions.Fraction` (never through binary floats), so
``0.1 + 0.2`` is exactly 0.3 and ``1/3*3`` is exactly 1; the result is returned as a
:class:`~decimal.Decimal`, exact when it has a finite decimal expansion and otherwise to
28 significant digits.

Everything is bounded (see :class:`Limits`), so no input can run long or eat memory:
the text's length, the tree's depth, the size of ``**`` exponents (whole numbers up to
100), the size of every intermediate result (|x| < 10**30, and at most 4,096 bits in
numerator and denominator) and the evaluation time.  Every refusal is a
:class:`CalculatorError` whose message names the problem.
"""

from __future__ import annotations

import ast
import numbers
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from tools.exact import round_exact, to_decimal

__all__ = ["DEFAULT_LIMITS", "FUNCTIONS", "CalculatorError", "Limits", "evaluate"]


class CalculatorError(ValueError):
    """An expression the calculator refuses or cannot compute; the message says why."""


@dataclass(frozen=True)
class Limits:
    """Bounds that keep every calculation small and fast whatever the input."""

    max_length: int = 2_000
    """Characters in the expression."""
    max_depth: int = 100
    """Nesting depth of the parse tree; a chain a+b+c+... of n terms is n deep."""
    max_exponent: int = 100
    """Largest |n| in ``x ** n``; n must be a whole number."""
    max_magnitude: int = 30
    """Every intermediate result must satisfy |x| < 10**max_magnitude."""
    max_bits: int = 4_096
    """Bits allowed in the numerator and the denominator of any intermediate result."""
    max_places: int = 30
    """Largest |places| in ``round(x, places)``."""
    max_nanoseconds: int = 500_000_000
    """Wall-clock time allowed for evaluating the parsed tree."""


DEFAULT_LIMITS = Limits()
FUNCTIONS = ("round", "min", "max", "sum", "abs")

_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Pow,
    ast.USub,
    ast.UAdd,
)
_REFUSED = {
    ast.Attribute: "attribute access ('.')",
    ast.Subscript: "subscripts ('[...]')",
    ast.Lambda: "lambda functions",
    ast.NamedExpr: "assignments (':=')",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.Compare: "comparisons",
    ast.BoolOp: "'and'/'or'",
    ast.Not: "'not'",
    ast.Invert: "'~'",
    ast.IfExp: "conditional expressions",
    ast.Mod: "'%' between two values (modulo); '%' may only follow a number, as a percent sign",
    ast.FloorDiv: "'//' (floor division)",
    ast.MatMult: "'@'",
    ast.BitAnd: "'&'",
    ast.BitOr: "'|'",
    ast.BitXor: "'^' (for powers use '**')",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.Starred: "'*' unpacking",
    ast.keyword: "keyword arguments ('name=value')",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.Slice: "slices",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield'",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
}
_ALLOWED_TEXT = "numbers, + - * / ** ( ), a percent sign after a number, and round, min, max, sum, abs"
_PERCENT = re.compile(
    r"(?<![\w.])((?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9_]+)?)\s*%(?!\s*[\w.(])"
)
_GROUPED = re.compile(r"[0-9],[0-9]{3}(?![0-9])")
_SYMBOLS = str.maketrans({"×": "*", "÷": "/", "−": "-"})


def _prepare(expression: object, limits: Limits) -> str:
    """Check the raw text and rewrite what Python cannot parse: "12%" -> "(12/100)"."""
    if not isinstance(expression, str):
        raise CalculatorError(
            f"the expression must be text, got {type(expression).__name__}"
        )
    if len(expression) > limits.max_length:
        raise CalculatorError(
            f"the expression is {len(expression):,} characters long; the limit is {limits.max_length:,}"
        )
    source = _PERCENT.sub(r"(\1/100)", expression.translate(_SYMBOLS).strip())
    if not source:
        raise CalculatorError("the expression is empty")
    return source


def _grouping_hint(source: str) -> str:
    """Advice for the common mistake of writing thousands separators in an expression."""
    if _GROUPED.search(source):
        return (
            "; write numbers without thousands separators (2245600000 or 2_245_600_000):"
            " commas separate function arguments"
        )
    return ""


def _parse(source: str) -> ast.expr:
    """Parse into a tree and refuse, by name, any node type outside the allow-list."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        where = f" at column {error.offset}" if error.offset else ""
        raise CalculatorError(
            f"not a valid calculation{where}: {error.msg}{_grouping_hint(source)}"
        ) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise CalculatorError(f"not a valid calculation: {error}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            what = _REFUSED.get(type(node), f"'{type(node).__name__}'")
            raise CalculatorError(
                f"not allowed in a calculation: {what}; allowed: {_ALLOWED_TEXT}"
            )
    return tree.body


def _bits(value: Fraction) -> int:
    """The size of an exact value: bits in the larger of its numerator and denominator."""
    return max(value.numerator.bit_length(), value.denominator.bit_length())


class _Evaluator:
    """Walks an allowed tree and computes it exactly, enforcing the limits at every node."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.deadline = time.monotonic_ns() + limits.max_nanoseconds
        self.functions: dict[str, Callable[[ast.Call, list[Fraction]], Fraction]] = {
            "round": self._round,
            "min": lambda call, args: min(self._some(call, args)),
            "max": lambda call, args: max(self._some(call, args)),
            "sum": lambda call, args: sum(args, Fraction(0)),
            "abs": lambda call, args: abs(self._single(call, args)),
        }

    def text(self, node: ast.AST) -> str:
        """The source of ``node``, for error messages."""
        return ast.get_source_segment(self.source, node) or self.source

    def value(self, node: ast.expr, depth: int = 0) -> Fraction:
        """The exact value of ``node``."""
        if depth > self.limits.max_depth:
            raise CalculatorError(
                f"the expression is nested more than {self.limits.max_depth} levels deep;"
                " split it up, or add many numbers with sum(a, b, c, ...)"
            )
        if time.monotonic_ns() > self.deadline:
            raise CalculatorError(
                f"the calculation took longer than {self.limits.max_nanoseconds // 1_000_000} ms"
            )
        if isinstance(node, ast.Constant):
            return self._bounded(self._number(node), node)
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand, depth + 1)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self._bounded(self._binary(node, depth), node)
        if isinstance(node, ast.Call):
            return self._bounded(self._call(node, depth), node)
        if isinstance(node, ast.Name):
            raise CalculatorError(f"unknown name {node.id!r}; allowed: {_ALLOWED_TEXT}")
        raise CalculatorError(
            f"{self.text(node)!r}: a list or tuple is only allowed as the argument of min, max or sum"
            f"{_grouping_hint(self.source)}"
        )

    def _number(self, node: ast.Constant) -> Fraction:
        """Read a literal from its source text, so 0.1 is exactly one tenth."""
        if isinstance(node.value, bool) or not isinstance(node.value, numbers.Real):
            kind = "text" if isinstance(node.value, str | bytes) else repr(node.value)
            raise CalculatorError(f"{kind} is not a number; allowed: {_ALLOWED_TEXT}")
        literal = self.text(node)
        try:
            number = Decimal(literal)
        except InvalidOperation:
            raise CalculatorError(
                f"{literal!r}: only decimal numbers are allowed"
            ) from None
        if (
            max(abs(number.adjusted()), -number.as_tuple().exponent)
            > self.limits.max_bits
        ):
            raise CalculatorError(f"the number {literal!r} has too many digits")
        return Fraction(number)

    def _binary(self, node: ast.BinOp, depth: int) -> Fraction:
        left = self.value(node.left, depth + 1)
        right = self.value(node.right, depth + 1)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if not right:
                raise CalculatorError(
                    f"division by zero: {self.text(node.right)!r} is 0 in {self.text(node)!r}"
                )
            return left / right
        return self._power(node, left, right)

    def _power(self, node: ast.BinOp, base: Fraction, exponent: Fraction) -> Fraction:
        """``base ** exponent`` for whole exponents up to the limit, sized before computing."""
        if exponent.denominator != 1:
            raise CalculatorError(
                f"{self.text(node)!r}: only whole-number exponents are allowed"
            )
        power = abs(exponent.numerator)
        if power > self.limits.max_exponent:
            raise CalculatorError(
                f"{self.text(node)!r}: the exponent {exponent} is too large (the limit is {self.limits.max_exponent})"
            )
        if _bits(base) * power > self.limits.max_bits:
            raise CalculatorError(f"{self.text(node)!r}: the result is too large")
        if not base and exponent < 0:
            raise CalculatorError(
                f"division by zero: {self.text(node)!r} raises 0 to a negative power"
            )
        return base**exponent.numerator

    def _call(self, node: ast.Call, depth: int) -> Fraction:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in self.functions:
            shown = name or self.text(node.func)
            raise CalculatorError(
                f"the function {shown!r} is not allowed; allowed functions: {', '.join(FUNCTIONS)}"
            )
        arguments = node.args
        if (
            name in ("min", "max", "sum")
            and len(arguments) == 1
            and isinstance(arguments[0], ast.List | ast.Tuple)
        ):
            arguments = arguments[0].elts
        return self.functions[name](
            node, [self.value(argument, depth + 1) for argument in arguments]
        )

    def _round(self, call: ast.Call, args: list[Fraction]) -> Fraction:
        """round(x) or round(x, places), ROUND_HALF_UP as filings round (round(2.5) is 3)."""
        if len(args) not in (1, 2):
            raise CalculatorError(
                f"round() takes a number and optional places, got {len(args)} arguments"
            )
        places = args[1] if len(args) == 2 else Fraction(0)
        if places.denominator != 1 or abs(places) > self.limits.max_places:
            raise CalculatorError(
                f"{self.text(call)!r}: places must be a whole number from "
                f"-{self.limits.max_places} to {self.limits.max_places}"
            )
        return Fraction(round_exact(args[0], int(places), ROUND_HALF_UP))

    def _some(self, call: ast.Call, args: list[Fraction]) -> list[Fraction]:
        if not args:
            raise CalculatorError(f"{self.text(call)!r} needs at least one number")
        return args

    def _single(self, call: ast.Call, args: list[Fraction]) -> Fraction:
        if len(args) != 1:
            raise CalculatorError(
                f"{self.text(call)!r} takes exactly 1 number, got {len(args)}"
            )
        return args[0]

    def _bounded(self, value: Fraction, node: ast.AST) -> Fraction:
        """Refuse results too large, or too finely divided, to be a filing's figure."""
        if abs(value) >= 10**self.limits.max_magnitude:
            raise CalculatorError(
                f"{self.text(node)!r}: the result is too large"
                f" (the limit is 10**{self.limits.max_magnitude})"
            )
        if _bits(value) > self.limits.max_bits:
            raise CalculatorError(
                f"{self.text(node)!r}: the result needs too many digits"
            )
        return value


def evaluate(expression: str, *, limits: Limits = DEFAULT_LIMITS) -> Decimal:
    """Compute an arithmetic expression exactly, e.g. "2245600000 / 700000" -> Decimal("3208").

    Allowed: decimal numbers (``_`` may group digits: 2_245_600_000; commas may not,
    they separate function arguments), ``+ - * /``, ``**`` with whole exponents up to
    100, parentheses, unary minus, a percent sign after a number (``12%`` is 0.12), and
    round(x[, places]) (ROUND_HALF_UP), min, max, sum, abs.  "×", "÷" and "−" are read
    as "*", "/" and "-".  Anything else raises :class:`CalculatorError`.
    """
    source = _prepare(expression, limits)
    return to_decimal(_Evaluator(source, limits).value(_parse(source)))
