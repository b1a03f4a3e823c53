#!/usr/bin/env python3
"""Reads a generated pungi.conf (from stdin) the two ways it can be read and prints both as JSON.

- "kobo": the rules of kobo's PyConfigParser, which Pungi uses for .conf files: Python's
  tokenizer, string values taken as the raw text between the quotes (no escape processing),
  `'<str>' % <value>` formatting, True/False/None, ints, lists, tuples, dicts; comments and
  blank lines skipped. Anything else is an error.
- "python": the file parsed by Python's own parser (ast); only single-name assignments of
  literals are allowed, plus `'<str>' % (<literals>,)`, which is evaluated.

Values are encoded so that tuples, lists and dicts stay distinguishable:
tuple -> {"tuple": [...]}, dict -> {"dict": [[key, value], ...]}, list -> [...].
Output: {"kobo": [[name, value], ...], "python": [[name, value], ...]}
"""
import ast
import io
import json
import sys
import token
import tokenize


def encode(value):
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    raise TypeError("unexpected value type %r" % type(value))


class KoboRules:
    SKIPPED = {token.COMMENT, token.NL, token.NEWLINE, token.INDENT, token.DEDENT}

    def __init__(self, text):
        self.tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                       if t.type not in self.SKIPPED]
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos]

    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect_op(self, op):
        tok = self.take()
        if tok.type != token.OP or tok.string != op:
            raise SyntaxError("expected %r, got %r at %s" % (op, tok.string, tok.start))

    def assignments(self):
        result = []
        while self.peek().type != token.ENDMARKER:
            name = self.take()
            if name.type != token.NAME:
                raise SyntaxError("expected a name, got %r at %s" % (name.string, name.start))
            self.expect_op("=")
            result.append([name.string, self.value()])
        return result

    def value(self):
        tok = self.take()
        if tok.type == token.NAME:
            consts = {"True": True, "False": False, "None": None}
            if tok.string not in consts:
                raise SyntaxError("unknown name %r" % tok.string)
            return consts[tok.string]
        if tok.type == token.NUMBER:
            return int(tok.string)
        if tok.type == token.OP and tok.string == "-":
            number = self.take()
            if number.type != token.NUMBER:
                raise SyntaxError("expected a number after '-'")
            return -int(number.string)
        if tok.type == token.STRING:
            text = tok.string[1:-1]
            after = self.peek()
            if after.type == token.OP and after.string == "%":
                self.take()
                return text % self.value()
            return text
        if tok.type == token.OP and tok.string in "[({":
            return self.container(tok.string)
        raise SyntaxError("unexpected token %r at %s" % (tok.string, tok.start))

    def container(self, opening):
        closing = {"[": "]", "(": ")", "{": "}"}[opening]
        items = []
        while True:
            while self.peek().type == token.OP and self.peek().string == ",":
                self.take()
            if self.peek().type == token.OP and self.peek().string == closing:
                self.take()
                break
            if opening == "{":
                key = self.value()
                if any(type(key) == type(k) and key == k for k, _ in items):
                    raise SyntaxError("duplicate dict key %r" % (key,))
                self.expect_op(":")
                items.append((key, self.value()))
            else:
                items.append(self.value())
        if opening == "[":
            return items
        if opening == "(":
            return tuple(items)
        return dict(items)


def python_value(node):
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (bool, int, str))):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = python_value(node.operand)
        if isinstance(inner, int) and not isinstance(inner, bool):
            return -inner
    if isinstance(node, ast.List):
        return [python_value(e) for e in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(python_value(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return {python_value(k): python_value(v) for k, v in zip(node.keys, node.values)}
    if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
        return node.left.value % python_value(node.right)
    raise SyntaxError("not an allowed literal: %s" % ast.dump(node))


def python_rules(text):
    result = []
    for statement in ast.parse(text).body:
        if (not isinstance(statement, ast.Assign) or len(statement.targets) != 1
                or not isinstance(statement.targets[0], ast.Name)):
            raise SyntaxError("not a single assignment: %s" % ast.dump(statement))
        result.append([statement.targets[0].id, python_value(statement.value)])
    return result


def main():
    raw = sys.stdin.buffer.read()
    text = raw.decode("ascii")  # the serializer promises a pure ASCII file
    kobo = KoboRules(text).assignments()
    python = python_rules(text)
    out = {
        "kobo": [[name, encode(value)] for name, value in kobo],
        "python": [[name, encode(value)] for name, value in python],
    }
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()
