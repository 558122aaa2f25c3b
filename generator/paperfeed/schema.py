"""Configuration files (topics.yml, watches.yml) read as YAML node trees, so that every error
names the key and the line it is on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from paperfeed.errors import InputError
from paperfeed.formats.listing import YamlLoader, load_yaml

Entries = dict[str, tuple[yaml.Node, yaml.Node]]


def read_nodes(path: Path) -> yaml.Node | None:
    """The file's node tree (None when it is empty); FileNotFoundError when it does not exist."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text", raw[: exc.start].count(b"\n") + 1) from None
    load_yaml(text, str(path))  # syntax errors, reported the way every YAML file's are
    node: yaml.Node | None = yaml.compose(text, Loader=YamlLoader)
    return node


class NodeReader:
    """The checks every configuration file shares; a file's reader adds its own on top."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self._constructor = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: yaml.Node | None) -> InputError:
        return InputError(self.where, message, node.start_mark.line + 1 if node is not None else None)

    def entries(self, node: yaml.MappingNode, known: tuple[str, ...], where: str) -> Entries:
        """The mapping's entries by key; unknown and repeated keys are errors."""
        entries: Entries = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if key not in known:
                expected = ", ".join(known)
                raise self.error(f"{where}unknown key {key!r} (expected one of: {expected})", key_node)
            if key in entries:
                raise self.error(f"{where}{key!r} is given twice", key_node)
            entries[key] = (key_node, value_node)
        return entries

    def one_line(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{what} must be text, not {value!r}", node)
        if "\n" in value.strip():
            raise self.error(f"{what} must be one line", node)
        return str(value.strip())

    def scalar(self, node: yaml.Node) -> Any:
        """A scalar node's value (str, int, float, bool or None); None for lists and mappings."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        return self._constructor.construct_object(node)
