"""One loader for all language data: the packaged YAML files, then user overlays that add, remove or replace.

Every file is read with `yaml.safe_load` (through a loader that also refuses a key written twice) and checked
against `schema.KEYS`: unknown keys, wrong shapes, names a mapping does not allow, empty entries, entries
written twice (after folding case where a key ignores it, and tone placement always) and sizes past the
bounds below are refused with a message that names the file and the key.

An overlay (`--rules FILE`, `--gazetteer FILE`) has the keys of the packaged files; what it says is added.
Two reserved sections change what is there instead, applied in this order before the additions:

    remove:                      # take entries out
      qualifiers: [hàng]          #   words of a list
      levels: {commune: [thôn]}   #   words of a named list
      misc: [HIV]                 #   whole names (or named lists)
    replace:                     # put a new value in place of the old one
      not_units: [tuổi]           #   a whole list
      levels: {commune: [xã]}     #   one named list, the others kept
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..cache import cached
from ..errors import RulesError
from ..text.vietnamese import phrase_key, retone
from .rules import Rules
from .schema import BY_NAME, OWN_FILES, File, Key, Shape, keys_of

OVERLAY_SECTIONS = ("remove", "replace")
# Bounds that keep a hostile file (YAML aliases repeating one long list, a form of thousands of syllables)
# from costing unbounded memory or time.
MAX_FILE_BYTES = 8 * 2**20
MAX_ENTRIES = 200_000
MAX_WORD_CHARS = 200
MAX_WORD_SYLLABLES = 24


# libyaml's parser where PyYAML was built with it (the same documents, ten times faster to read).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """`yaml.SafeLoader` that refuses a mapping key written twice."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                duplicate = False
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse(data: bytes, origin: str) -> Any:
    """The YAML document in `data`; RulesError naming `origin` when it is not UTF-8 or not valid YAML."""
    if len(data) > MAX_FILE_BYTES:
        raise RulesError(f"{origin}: {len(data) // 2**20} MB is more than a data file may have; split it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesError(
            f"{origin}: not UTF-8 (byte 0x{data[exc.start]:02x} at {exc.start}); save it as UTF-8"
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid syntax"
        raise RulesError(f"{origin}: not valid YAML{at} ({problem}); fix the syntax") from None


def _fold(word: str, key: Key) -> str:
    """The form under which two entries of `key` are the same: gazetteer look-ups ignore spaces and tone
    placement, the other keys match whole words on cleaned text (one tone placement)."""
    folded = phrase_key(word) if key.file is File.GAZETTEER else retone(" ".join(word.split()))
    return folded if key.case else folded.lower()


class _Checker:
    """Checks the values of one file, counting its entries against the bound."""

    def __init__(self, origin: str):
        self.origin = origin
        self.entries = 0

    def fail(self, where: str, message: str) -> RulesError:
        return RulesError(f"{self.origin}: key '{where}' {message}")

    def count(self, where: str, n: int) -> None:
        self.entries += n
        if self.entries > MAX_ENTRIES:
            raise self.fail(where, f"makes the file hold more than {MAX_ENTRIES} entries; split it")

    def word(self, where: str, value: Any) -> str:
        if not isinstance(value, str):
            hint = " (quote words such as 'No', 'on' or 'yes', which YAML reads as true or false)"
            raise self.fail(where, f"has {value!r}, which is not a word{hint if isinstance(value, bool) else ''}")
        word = value.strip()
        if not word:
            raise self.fail(where, "has an empty entry")
        if len(word) > MAX_WORD_CHARS or len(word.split()) > MAX_WORD_SYLLABLES:
            raise self.fail(
                where, f"has an entry longer than {MAX_WORD_CHARS} characters or {MAX_WORD_SYLLABLES} words"
            )
        return word

    def words(self, where: str, value: Any, key: Key) -> tuple[str, ...]:
        if isinstance(value, str) and key.shape is Shape.NAMES:
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(where, f"must be a non-empty list of words such as {key.example}")
        self.count(where, len(value))
        out, seen = [], {}
        for item in value:
            word = self.word(where, item)
            folded = _fold(word, key)
            if folded in seen:
                raise self.fail(where, f"has {word!r} twice (also as {seen[folded]!r})")
            seen[folded] = word
            out.append(word)
        return tuple(out)

    def mapping(self, where: str, value: Any, key: Key) -> dict:
        if not isinstance(value, dict) or not value:
            raise self.fail(where, f"must be a {key.shape} such as {key.example}")
        self.count(where, len(value))
        for name in value:
            if not isinstance(name, str) or not name.strip():
                raise self.fail(where, f"has a name that is not a word: {name!r}")
            if key.names is not None and name not in key.names:
                raise self.fail(f"{where}.{name}", f"is not one of {', '.join(key.names)}")
        return value

    def value(self, key: Key, value: Any, where: str | None = None) -> Any:
        """`value` of `key` in its normal form: tuples of stripped words, dicts of those, or whole numbers."""
        where = where or key.name
        if key.shape is Shape.WORDS:
            return self.words(where, value, key)
        if key.shape is Shape.WORD:
            return self.word(where, value)
        if key.shape is Shape.TABLE:
            return value
        table = self.mapping(where, value, key)
        if key.shape is Shape.NUMBER_MAP:
            return {self.word(where, name).lower(): self.number(f"{where}.{name}", n, key) for name, n in table.items()}
        out = {}
        for name, words in table.items():
            if words is None and key.shape is Shape.NAMES:
                words = [name]  # a name written on its own is its only form
            out[name.strip()] = self.words(f"{where}.{name}", words, key)
        return out

    def number(self, where: str, value: Any, key: Key) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(where, f"must be a positive whole number such as 1000, got {value!r}")
        if key.most is not None and value > key.most:
            raise self.fail(where, f"must be at most {key.most}, got {value}")
        return value


def _declared(name: Any, origin: str, allowed: dict[str, Key]) -> Key:
    if name not in allowed:
        where = f"{origin}: key {name!r}"
        raise RulesError(f"{where} is unknown; allowed keys: {', '.join(sorted(allowed))}")
    return allowed[name]


def _layer(raw: Any, origin: str, allowed: dict[str, Key], overlay: bool) -> dict[str, dict[str, Any]]:
    """A file's values by section (`add`, `remove`, `replace`), checked against the schema."""
    if raw is None:
        return {"add": {}}
    if not isinstance(raw, dict):
        raise RulesError(f"{origin}: must be a mapping of data keys; allowed keys: {', '.join(sorted(allowed))}")
    checker = _Checker(origin)
    layer: dict[str, dict[str, Any]] = {"remove": {}, "replace": {}, "add": {}}
    for name, value in raw.items():
        if overlay and name in OVERLAY_SECTIONS:
            if not isinstance(value, dict):
                raise RulesError(f"{origin}: key '{name}' must be a mapping of data keys to what to {name}")
            for inner, entries in value.items():
                key = _declared(inner, origin, allowed)
                where = f"{name}.{inner}"
                layer[name][inner] = (
                    _removal(checker, key, entries, where) if name == "remove" else checker.value(key, entries, where)
                )
            continue
        key = _declared(name, origin, allowed)
        layer["add"][name] = checker.value(key, value)
    return layer


def _removal(checker: _Checker, key: Key, entries: Any, where: str) -> Any:
    """What to remove: words of a list, or names (or words of named lists) of a mapping."""
    if key.shape in (Shape.WORDS, Shape.NUMBER_MAP) or (isinstance(entries, list) and key.shape is not Shape.WORD):
        return checker.words(where, entries, key)
    if key.shape in (Shape.WORD_MAP, Shape.NAMES):
        return checker.value(key, entries, where)
    raise checker.fail(where, "cannot be removed, only replaced")


def _missing(origin: str, where: str, what: str) -> RulesError:
    return RulesError(f"{origin}: key '{where}' has {what!r} to remove, which is not there; check the spelling")


def _remove(data: dict[str, Any], name: str, entries: Any, origin: str) -> None:
    key, current = BY_NAME[name], data[name]
    if key.shape is Shape.WORDS:
        gone = {_fold(w, key) for w in entries}
        for word in entries:
            if not any(_fold(w, key) == _fold(word, key) for w in current):
                raise _missing(origin, f"remove.{name}", word)
        data[name] = tuple(w for w in current if _fold(w, key) not in gone)
    elif isinstance(entries, tuple):  # names of a mapping
        for entry in entries:
            if entry not in current:
                raise _missing(origin, f"remove.{name}", entry)
        data[name] = {k: v for k, v in current.items() if k not in entries}
    else:
        table = dict(current)
        for entry, words in entries.items():
            if entry not in table:
                raise _missing(origin, f"remove.{name}", entry)
            for word in words:
                if word not in table[entry]:
                    raise _missing(origin, f"remove.{name}.{entry}", word)
            table[entry] = tuple(w for w in table[entry] if w not in words)
        data[name] = table


def _add(data: dict[str, Any], name: str, value: Any, replace: bool) -> None:
    key = BY_NAME[name]
    if key.shape in (Shape.WORD, Shape.TABLE) or name not in data:
        data[name] = value
    elif key.shape is Shape.WORDS:
        folded = {_fold(w, key) for w in value}
        kept = () if replace else tuple(w for w in data[name] if _fold(w, key) not in folded)
        data[name] = kept + value
    elif key.shape is Shape.NUMBER_MAP:
        data[name] = {**data[name], **value}
    else:
        if key.shape is Shape.NAMES:
            _claim(data, value)
        table = dict(data[name])
        for entry, words in value.items():
            old = () if replace else table.get(entry, ())
            table[entry] = old + tuple(w for w in words if w not in old)
        data[name] = table


def _claim(data: dict[str, Any], names: dict[str, tuple[str, ...]]) -> None:
    """A user's forms win: take each form they name out of every other entry of the gazetteer."""
    forms = {phrase_key(form): entry for entry, written in names.items() for form in written}
    for key in keys_of(File.GAZETTEER):
        if key.shape is not Shape.NAMES or key.name not in data:
            continue
        data[key.name] = {
            entry: kept
            for entry, written in data[key.name].items()
            if (kept := tuple(f for f in written if forms.get(phrase_key(f), entry) == entry)) or entry in names
        }


def _check_names(data: dict[str, Any], origin: str) -> None:
    """Names that must be entries of another key (`not_before` names scale words) and forms named twice."""
    for key in BY_NAME.values():
        if key.names_of and key.name in data:
            for name in data[key.name]:
                if name.lower() not in data[key.names_of]:
                    raise RulesError(f"{origin}: key '{key.name}.{name}' must name an entry of '{key.names_of}'")
    seen: dict[str, str] = {}
    for key in keys_of(File.GAZETTEER):
        if key.shape is Shape.NAMES:
            for entry, forms in data.get(key.name, {}).items():
                for form in forms:
                    where = f"{key.name}.{entry}"
                    other = seen.setdefault(phrase_key(form), where)
                    if other != where:
                        raise RulesError(f"{origin}: the form {form!r} of '{where}' is also a form of '{other}'")


def read_packaged_bytes(file: File) -> bytes:
    """The bytes of one packaged data file."""
    return resources.files("dan_van").joinpath(f"data/{file.value}.yaml").read_bytes()


def read_packaged(file: File) -> dict[str, Any]:
    """One packaged data file, checked: every key it declares present and well formed."""
    return packaged_file(file, read_packaged_bytes(file))


def packaged_file(file: File, data: bytes) -> dict[str, Any]:
    """The values of a packaged data file's bytes, checked: every key its file declares present and well formed."""
    origin = f"dan_van/data/{file.value}.yaml"
    keys = {key.name: key for key in keys_of(file)}
    values = _layer(parse(data, origin), origin, keys, overlay=False)["add"]
    missing = [name for name in keys if name not in values]
    if missing:
        raise RulesError(f"{origin}: missing key '{missing[0]}'")
    return values


def _packaged_raws() -> dict[File, bytes]:
    return {file: read_packaged_bytes(file) for file in File if file not in OWN_FILES}


def packaged_digest() -> str:
    """The fingerprint of the packaged rules (`packaged_rules().fingerprint`), from the files' bytes alone."""
    return hashlib.sha256(b"".join(_packaged_raws().values())).hexdigest()


@cache
def _base() -> tuple[dict[str, Any], str]:
    raws = _packaged_raws()
    digest = hashlib.sha256(b"".join(raws.values())).hexdigest()
    return cached("rules", digest, lambda: _checked(raws)), digest


def _checked(raws: dict[File, bytes]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for file, raw in raws.items():
        data.update(packaged_file(file, raw))
    _check_names(data, "dan_van/data")
    return data


def read_file(path: str | Path) -> bytes:
    """The bytes of a `--rules` or `--gazetteer` file; RulesError naming it when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the file ({exc.strerror}); check the path") from None


def overlay(rules: Rules, data: bytes, origin: str, files: Iterable[File] | None = None) -> Rules:
    """`rules` with one overlay document laid over them; `files` limits the keys it may hold."""
    allowed = {
        key.name: key for key in BY_NAME.values() if key.overlayable and (files is None or key.file in set(files))
    }
    layer = _layer(parse(data, origin), origin, allowed, overlay=True)
    merged = dict(rules.data)
    for name, entries in layer["remove"].items():
        _remove(merged, name, entries, origin)
    for name, value in layer["replace"].items():
        _add(merged, name, value, replace=True)
    for name, value in layer["add"].items():
        _add(merged, name, value, replace=False)
    _check_names(merged, origin)
    digest = hashlib.sha256(rules.fingerprint.encode() + data).hexdigest()
    return Rules(merged, (*rules.sources, origin), digest)


def load_rules(extra: Sequence[str | Path] = (), gazetteers: Sequence[str | Path] = ()) -> Rules:
    """The packaged language data, then each `--rules` file and each `--gazetteer` file, in order.

    A `--rules` file may hold any data key; a `--gazetteer` file only the gazetteer's. Each file is read once,
    here: the Rules object carries the data itself.
    """
    data, digest = _base()
    files = [(str(path), read_file(path)) for path in extra]
    return laid_over(Rules(dict(data), (), digest), files, [(str(path), read_file(path)) for path in gazetteers])


def laid_over(
    rules: Rules, extra: Iterable[tuple[str, bytes]] = (), gazetteers: Iterable[tuple[str, bytes]] = ()
) -> Rules:
    """`rules` with each `--rules` document and then each `--gazetteer` document, (origin, bytes), laid over."""
    for origin, data in extra:
        rules = overlay(rules, data, origin)
    for origin, data in gazetteers:
        rules = overlay(rules, data, origin, files=(File.GAZETTEER,))
    return rules


@cache
def packaged_rules() -> Rules:
    """The packaged language data alone, loaded once per process."""
    return load_rules()
