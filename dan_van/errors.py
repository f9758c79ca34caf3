"""Typed errors; each message says what is wrong and how to fix it."""


class DanVanError(Exception):
    """Base class of every error danvan raises on purpose."""


class InputError(DanVanError):
    """An input could not be read: missing, unreadable, binary or of an unknown encoding."""


class DecodeError(InputError):
    """The bytes of an input could not be decoded with any encoding danvan knows or was told."""


class RulesError(DanVanError):
    """A rules or gazetteer file is malformed: the message names the file and the key."""


class EngineError(DanVanError):
    """The tagging engine cannot run, e.g. the installed underthesea is not a checked version."""


class AlignmentError(DanVanError):
    """The tagger's sentences or words could not be placed back in the input: a defect, reported per input."""


class OutputError(DanVanError):
    """The output could not be written (a full disk, a folder that is not writable): the message names it."""
