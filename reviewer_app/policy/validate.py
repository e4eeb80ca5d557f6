"""Build the frozen dataclasses of :mod:`reviewer_app.policy.models` from parsed JSON.

``parse(cls, data)`` checks ``data`` (a dict from ``json.loads``) against the dataclass
``cls`` and returns an instance, or raises :class:`InvalidData`: its ``loc`` is the path
to the offending value (keys and list indexes) and its ``msg`` is worded as pydantic
worded it. (Pydantic did this job before; importing it cost ~150 ms at start-up.)

Field types understood: ``str``, ``int``, ``float``, ``bool``, ``datetime.date`` (an
ISO ``"YYYY-MM-DD"`` string), ``Literal[...]``, ``list[X]``, ``X | None`` and nested
dataclasses; a quoted class name, as in ``list["Node"]``, is looked up in the module of
the class. Checks are strict: a key the class does not declare is refused; ``int`` takes
a JSON integer (or a float with no fractional part) but never a string or a bool;
``float`` takes any JSON number but not a bool; a missing key takes the field's default
or is an error.

Per-field constraints sit in ``dataclasses.field(metadata=...)``:

* ``"pattern"``: a regular expression the whole string must match;
* ``"ge"`` / ``"le"``: inclusive bounds for a number.

Rules that tie fields together belong in the class's ``__post_init__``: a ``ValueError``
raised there is reported at the object's own path as ``"Value error, <message>"``.

Fields are checked in declaration order, then unknown keys, then ``__post_init__``, and
the first problem is the one reported (pydantic's first error, in the same order). The
plan for a class (one converter per field) is built on first use and cached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")
Converter = Callable[[Any], Any]


class InvalidData(ValueError):
    """``msg`` is what is wrong; ``loc`` is where, from the top of the parsed data."""

    def __init__(self, msg: str, *loc: int | str) -> None:
        super().__init__(msg)
        self.msg = msg
        self.loc: list[int | str] = list(loc)

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.loc) or "(top level)"
        return f"{where}: {self.msg}"


_Field = tuple[str, Converter, Callable[[], Any] | None]
"""A field's name, how to check and convert its value, and its default (None: required)."""


class _Plan(NamedTuple):
    fields: tuple[_Field, ...]
    names: frozenset[str]
    make: Callable[[dict[str, Any]], Any]


_plans: dict[type[Any], _Plan] = {}


def parse(cls: type[T], data: Any) -> T:
    """An instance of the dataclass ``cls`` made from ``data``, checked field by field."""
    plan = _plans.get(cls) or _plan(cls)
    if not isinstance(data, dict):
        if isinstance(data, cls):
            return data
        raise InvalidData(f"Input should be a valid dictionary or instance of {cls.__name__}")
    values: dict[str, Any] = {}
    for name, convert, default in plan.fields:
        if name in data:
            try:
                values[name] = convert(data[name])
            except InvalidData as exc:
                exc.loc.insert(0, name)
                raise
        elif default is not None:
            values[name] = default()
        else:
            raise InvalidData("Field required", name)
    if not plan.names.issuperset(data):
        extra = next(key for key in data if key not in plan.names)
        raise InvalidData("Extra inputs are not permitted", extra)
    try:
        made: T = plan.make(values)
    except ValueError as exc:
        raise InvalidData(f"Value error, {exc}") from None
    return made


def _plan(cls: type[Any]) -> _Plan:
    hints = {f.name: f.type for f in dataclasses.fields(cls)}
    if any(isinstance(tp, str) for tp in hints.values()):  # postponed annotations
        hints = get_type_hints(cls)
    namespace = vars(sys.modules[cls.__module__])
    fields: list[_Field] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default: Callable[[], Any] | None = _constant(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory
        else:
            default = None
        fields.append((f.name, _converter(hints[f.name], f.metadata, namespace), default))
    _plans[cls] = _Plan(tuple(fields), frozenset(hints), _maker(cls))
    return _plans[cls]


def _maker(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    """How to build an instance from checked values, with every field present.

    A frozen dataclass's ``__init__`` sets its fields one ``object.__setattr__`` at a
    time, which costs more than all the checks above; filling ``__dict__`` in one step
    makes the same object. ``__post_init__`` still runs. Slotted classes use ``__init__``.
    """
    if "__slots__" in vars(cls):
        return lambda values: cls(**values)
    post_init = getattr(cls, "__post_init__", None)

    def make(values: dict[str, Any]) -> Any:
        obj = object.__new__(cls)
        obj.__dict__.update(values)
        if post_init is not None:
            post_init(obj)
        return obj

    return make


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _converter(tp: Any, rules: Mapping[str, Any], namespace: Mapping[str, Any]) -> Converter:
    if isinstance(tp, str):  # a quoted class name, as in list["Node"]
        tp = namespace[tp]
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) != 1 or len(args) != 2:
            raise TypeError(f"unsupported union {tp}")
        inner = _converter(others[0], rules, namespace)
        return lambda v: None if v is None else inner(v)
    if origin is list:
        return _list(_converter(args[0], {}, namespace))
    if origin is Literal:
        return _literal(args)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda v: parse(tp, v)
    if tp is str:
        return _str(rules.get("pattern"))
    if tp is int or tp is float:
        return _number(tp, rules.get("ge"), rules.get("le"))
    if tp is bool:
        return _bool
    if tp is dt.date:
        return _date
    raise TypeError(f"unsupported field type {tp}")


def _list(item: Converter) -> Converter:
    def convert(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise InvalidData("Input should be a valid list")
        out: list[Any] = []
        for x in value:
            try:
                out.append(item(x))
            except InvalidData as exc:
                exc.loc.insert(0, len(out))
                raise
        return out

    return convert


def _literal(choices: tuple[Any, ...]) -> Converter:
    allowed, kinds = frozenset(choices), {type(c) for c in choices}
    names = [repr(c) for c in choices]
    wanted = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]

    def convert(value: Any) -> Any:
        if type(value) not in kinds or value not in allowed:  # 1 is not True, [] not hashable
            raise InvalidData(f"Input should be {wanted}")
        return value

    return convert


def _str(pattern: str | None) -> Converter:
    regex = re.compile(pattern) if pattern is not None else None

    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidData("Input should be a valid string")
        if regex is not None and regex.fullmatch(value) is None:
            raise InvalidData(f"String should match pattern '{pattern}'")
        return value

    return convert


def _number(kind: type[int] | type[float], ge: float | None, le: float | None) -> Converter:
    wanted = "a valid integer" if kind is int else "a valid number"

    def convert(value: Any) -> Any:
        if type(value) is not int and type(value) is not float:  # a bool is not a number
            raise InvalidData(f"Input should be {wanted}")
        if kind is int and type(value) is float and not value.is_integer():
            raise InvalidData(f"Input should be {wanted}, got a number with a fractional part")
        try:
            value = kind(value)
        except OverflowError:  # an integer too large for a float
            raise InvalidData(f"Input should be {wanted}") from None
        if ge is not None and value < ge:
            raise InvalidData(f"Input should be greater than or equal to {ge}")
        if le is not None and value > le:
            raise InvalidData(f"Input should be less than or equal to {le}")
        return value

    return convert


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise InvalidData("Input should be a valid boolean")
    return value


def _date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise InvalidData("Input should be a valid date")
    # fromisoformat also takes "20250515" and "2025-W20-4": insist on YYYY-MM-DD.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise InvalidData("Input should be a valid date in the format YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:  # "month must be in 1..12", "Invalid isoformat string: ..."
        raise InvalidData(f"Input should be a valid date, {exc}") from None
