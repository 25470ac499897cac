"""Markdown question lists in the style of the public GitHub "backend interview questions" repos.

- Headings are sections: a question takes the nearest heading's name as its (private) topic.
- List items (``-``, ``*``, ``+``, ``1.``) are questions; lines indented under an item, nested
  bullets included, are its answer. An item that is not a question but only holds nested
  questions (``- Databases`` / ``  - What is an index?``) acts as a section.
- ``<details><summary>Question</summary> answer </details>`` blocks; a ``<details>`` whose summary
  is just "Answer" answers the item, paragraph or heading just before it.
- ``Q: ... A: ...`` pairs, on one line or several.
- A heading that ends with ``?`` is a question whose answer is the text below it.

Prompts become plain text (links, emphasis and HTML tags dropped); answers stay Markdown (they
are sanitised when rendered). Empty items and table-of-contents links (``[x](#anchor)``) are
skipped.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

from backprep.catalog.services import QuestionData

from . import ParsedRow, ParseResult
from .csv_json import NOT_UTF8, decode_text

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*))?$")
HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
ANSWERISH = re.compile(
    r"^(?:show|see|view|reveal|click(?: here)?(?: to| for)?)?\s*(?:the\s+)?"
    r"(?:answer|solution|explanation|expand|details|hint|more)\b",
    re.IGNORECASE,
)
Q_PREFIX = re.compile(r"^(?:Q|Question)[ \t]*\d*[ \t]*[:.)][ \t]+", re.IGNORECASE)
A_PREFIX = re.compile(
    r"^\s*(?:\*\*|__)?(?:A|Ans|Answer)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*", re.IGNORECASE
)
INLINE_ANSWER = re.compile(r"\s+(?:A|Ans|Answer)\s*:\s+", re.IGNORECASE)
CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
NUMBERING = re.compile(r"^(?:\d{1,4}(?:\.\d{1,4})*[.):]?|#\d{1,4}[.:]?)\s+")
Q_START = re.compile(r"^\s*(?:\*\*|__)?q", re.IGNORECASE)
ANCHOR_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*#[^)]*\)")
QUESTION_HEADINGS = 3  # fewer headings ending in "?" are a README's own FAQ, not questions
MAX_INLINE = 4000
TERMINAL = ("?", ".", "!", ":", ";", ")")

# Inline Markdown -> plain text.
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\]]*\]")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
EMPHASIS = (
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(~~)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])(\*)(?=\S)(.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])(_)(?=\S)(.+?)(?<=\S)_(?![\w_])"),
)


def inline_text(text: str) -> str:
    """One line of Markdown as plain text: code spans kept, links, emphasis and tags dropped."""
    text = text[:MAX_INLINE]  # longer prompts are refused anyway; bounds the regex work
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    text = CODE_SPAN.sub(lambda m: keep(m.group(0)), text)
    text = ESCAPED.sub(lambda m: keep(m.group(1)), text)
    text = HTML_COMMENT.sub("", text)
    text = AUTOLINK.sub(r"\1", text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = REF_LINK.sub(r"\1", text)
    text = TAG.sub("", text)
    for pattern in EMPHASIS:
        text = pattern.sub(r"\2", text)
    text = " ".join(html.unescape(text).split())
    while PLACEHOLDER.search(text):
        text = PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
    return text.strip()


def _answerish(summary: str) -> bool:
    return not summary or bool(ANSWERISH.match(re.sub(r"^[\W_]+", "", summary)))


def _clean_prompt(raw: str) -> tuple[str, str]:
    """The prompt as plain text, and an answer given on the same line (``Q: ... A: ...``)."""
    text = NUMBERING.sub("", inline_text(CHECKBOX.sub("", raw.strip(), count=1)), count=1)
    match = Q_PREFIX.match(text)
    if not match:
        return text.strip(), ""
    parts = INLINE_ANSWER.split(text[match.end() :], maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def _clean_heading(raw: str) -> str:
    """The section name: navigation links ("[↑](#toc)"), tags and numbering dropped."""
    return NUMBERING.sub("", inline_text(ANCHOR_LINK.sub("", raw)), count=1).rstrip(":").strip()


def _clean_answer(text: str) -> str:
    text = DETAILS_OPEN.sub("", DETAILS_CLOSE.sub("", text))

    def summary(match: re.Match[str]) -> str:
        label = inline_text(match.group(1))
        return "" if _answerish(label) else f"**{label}**\n"

    text = SUMMARY.sub(summary, text)
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and A_PREFIX.match(lines[0]):
        paragraph = [A_PREFIX.sub("", lines[0], count=1).strip()]
        rest = lines[1:]
        while rest and rest[0].strip() and not (ITEM.match(rest[0]) or FENCE.match(rest[0])):
            paragraph.append(rest.pop(0).strip())  # the answer's first paragraph, wrapped
        return "\n".join([*paragraph, textwrap.dedent("\n".join(rest))]).strip()
    return textwrap.dedent("\n".join(lines)).strip()


def _is_toc_entry(raw: str) -> bool:
    if not ANCHOR_LINK.search(raw):
        return False
    return not re.sub(r"[\W\d_]+", "", inline_text(ANCHOR_LINK.sub("", raw)))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _closes(fence: str, line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0])


def _is_q_line(line: str) -> bool:
    if not Q_START.match(line) or ITEM.match(line):
        return False
    return bool(Q_PREFIX.match(inline_text(line)))


@dataclass
class _Item:
    line: int
    topic: str
    prompt: str
    answer: str = ""


class _Parser:
    def __init__(
        self, lines: list[str], *, base: int, topic: str, question_headings: bool = False
    ) -> None:
        self.lines = lines
        self.base = base  # lines[0] is line base + 1 of the file
        self.default_topic = topic
        self.headings: list[tuple[int, str, int]] = []  # (level, name, index)
        self.items: list[_Item] = []
        # What an "Answer" <details> may answer: the block just before it.
        self.last_item: _Item | None = None
        self.paragraph: tuple[int, list[str]] | None = None
        self.heading_pending = False
        self.question_headings = question_headings

    @property
    def topic(self) -> str:
        return self.headings[-1][1] if self.headings else self.default_topic

    def run(self) -> list[_Item]:
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        return self.items

    def _emit(self, index: int, prompt: str, answer: str, topic: str | None = None) -> None:
        self._forget()
        if prompt:
            item = _Item(self.base + index + 1, topic or self.topic, prompt, answer)
            self.items.append(item)
            self.last_item = item

    def _forget(self) -> None:
        self.last_item, self.paragraph, self.heading_pending = None, None, False

    def _step(self, i: int) -> int:
        line = self.lines[i]
        stripped = line.strip()
        if not stripped:
            return i + 1
        if fence := FENCE.match(line):
            self._forget()
            return self._skip_fence(i, fence.group(1))
        if stripped.startswith("<!--"):
            j = i
            while j < len(self.lines) and "-->" not in self.lines[j]:
                j += 1
            return j + 1
        if heading := HEADING.match(line):
            return self._heading(i, len(heading.group(1)), heading.group(2))
        if HR.match(line):
            self._forget()
            return i + 1
        if DETAILS_OPEN.search(line):
            return self._details(i)
        if item := ITEM.match(line):
            return self._item(i, item)
        if _is_q_line(line):
            return self._qa(i)
        if self.paragraph and self.lines[i - 1].strip():
            self.paragraph[1].append(stripped)
        else:
            self.paragraph, self.last_item = (i, [stripped]), None
        return i + 1

    def _skip_fence(self, i: int, fence: str) -> int:
        j = i + 1
        while j < len(self.lines) and not _closes(fence, self.lines[j]):
            j += 1
        return j + 1

    def _block_until_heading(self, i: int) -> tuple[list[str], int]:
        j, fence, block = i, "", []
        while j < len(self.lines):
            line = self.lines[j]
            if fence:
                fence = "" if _closes(fence, line) else fence
            elif HEADING.match(line):
                break
            elif opening := FENCE.match(line):
                fence = opening.group(1)
            block.append(line)
            j += 1
        return block, j

    def _heading(self, i: int, level: int, raw: str) -> int:
        name = _clean_heading(raw)
        if not name:
            return i + 1
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        prompt, inline_answer = _clean_prompt(raw)
        if self.question_headings and prompt.endswith("?"):
            block, j = self._block_until_heading(i + 1)
            if not _holds_questions(block):
                answer = _clean_answer(textwrap.dedent("\n".join(block))) or inline_answer
                self._emit(i, prompt, answer)
                return j
        self._forget()
        self.headings.append((level, name, i))
        self.heading_pending = True
        return i + 1

    def _details(self, i: int) -> int:
        depth, j = 0, i
        while j < len(self.lines):
            if j > i and HEADING.match(self.lines[j]):
                break  # an unclosed <details> does not swallow the next section
            depth += len(DETAILS_OPEN.findall(self.lines[j]))
            depth -= len(DETAILS_CLOSE.findall(self.lines[j]))
            j += 1
            if depth <= 0:
                break
        block = "\n".join(self.lines[i:j])
        opening = DETAILS_OPEN.search(block)
        block = block[opening.end() :] if opening else block
        match = SUMMARY.search(block)
        summary = inline_text(match.group(1)) if match else ""
        body = block[match.end() :] if match else block
        closing = list(DETAILS_CLOSE.finditer(body))
        body = body[: closing[-1].start()] if closing else body
        answer = _clean_answer(textwrap.dedent(body))
        if not _answerish(summary):
            prompt, inline_answer = _clean_prompt(summary)
            self._emit(i, prompt, answer or inline_answer)
        elif self.last_item is not None and not self.last_item.answer:
            self.last_item.answer = answer
            self._forget()
        elif self.paragraph is not None:
            start, text = self.paragraph
            self._emit(start, _clean_prompt(" ".join(text))[0], answer)
        elif self.heading_pending and self.headings:
            _, name, start = self.headings.pop()
            self._emit(start, name, answer)
        else:
            self._forget()
        return j

    def _item(self, i: int, match: re.Match[str]) -> int:
        indent = len(match.group("indent"))
        prompt_lines = [match.group("text") or ""]
        body: list[str] = []
        body_start = i + 1
        fence = ""
        j = i + 1
        while j < len(self.lines):
            line = self.lines[j]
            if fence:
                fence = "" if _closes(fence, line) else fence
            elif not line.strip():
                pass
            elif _indent(line) <= indent and (not self.lines[j - 1].strip() or _starts_block(line)):
                break
            elif not body and _continues_prompt(prompt_lines[-1], line):
                prompt_lines.append(line.strip())
                body_start = j + 1
                j += 1
                continue
            elif opening := FENCE.match(line):
                fence = opening.group(1)
            body.append(line)
            j += 1
        while body and not body[-1].strip():
            body.pop()
        raw = " ".join(prompt_lines)
        if _is_toc_entry(raw):
            self._forget()
            return j
        prompt, inline_answer = _clean_prompt(raw)
        dedented = textwrap.dedent("\n".join(body)).split("\n") if body else []
        if not prompt.endswith("?") and _only_questions(dedented):
            nested = _Parser(dedented, base=self.base + body_start, topic=prompt or self.topic)
            self.items.extend(nested.run())
            self._forget()
            return j
        self._emit(i, prompt, _clean_answer("\n".join(dedented)) or inline_answer)
        return j

    def _qa(self, i: int) -> int:
        prompt_lines = [self.lines[i]]
        j = i + 1
        while j < len(self.lines):
            line = self.lines[j]
            if not line.strip() or A_PREFIX.match(line) or _starts_block(line):
                break
            prompt_lines.append(line.strip())
            j += 1
        k = j
        while k < len(self.lines) and not self.lines[k].strip():
            k += 1
        answer_lines: list[str] = []
        if k < len(self.lines) and A_PREFIX.match(self.lines[k]):
            answer_lines.append(self.lines[k])
            k, fence = k + 1, ""
            while k < len(self.lines):
                line = self.lines[k]
                if fence:
                    fence = "" if _closes(fence, line) else fence
                elif _ends_answer(line):
                    break
                elif opening := FENCE.match(line):
                    fence = opening.group(1)
                answer_lines.append(line)
                k += 1
            j = k
        prompt, inline_answer = _clean_prompt(" ".join(prompt_lines))
        answer = _clean_answer("\n".join(answer_lines)) if answer_lines else inline_answer
        self._emit(i, prompt, answer)
        return j


def _starts_block(line: str) -> bool:
    return bool(
        ITEM.match(line)
        or HEADING.match(line)
        or HR.match(line)
        or FENCE.match(line)
        or DETAILS_OPEN.search(line)
        or _is_q_line(line)
    )


def _ends_answer(line: str) -> bool:
    return bool(
        HEADING.match(line) or HR.match(line) or DETAILS_OPEN.search(line) or _is_q_line(line)
    )


def _continues_prompt(previous: str, line: str) -> bool:
    """A wrapped question: the item ends mid-sentence and the next line goes on in lowercase."""
    text = line.strip()
    return (
        not ITEM.match(line)
        and not previous.rstrip().endswith(TERMINAL)
        and text[:1].islower()
        and not _starts_block(line)
    )


def _only_questions(lines: list[str]) -> bool:
    """True when the block's outermost lines are all list items that end with '?'."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return False
    outer = min(_indent(line) for line in filled)
    top = [line for line in filled if _indent(line) == outer]
    matches = [ITEM.match(line) for line in top]
    return all(
        m is not None and _clean_prompt(m.group("text") or "")[0].endswith("?") for m in matches
    )


def _count_question_headings(lines: list[str]) -> int:
    count, fence = 0, ""
    for line in lines:
        if fence:
            fence = "" if _closes(fence, line) else fence
        elif opening := FENCE.match(line):
            fence = opening.group(1)
        elif heading := HEADING.match(line):
            count += _clean_prompt(heading.group(2))[0].endswith("?")
    return count


def _holds_questions(lines: list[str]) -> bool:
    """True when the text under a heading lists questions of its own (so it is a section)."""
    if _only_questions(lines):
        return True
    asked = 0
    for line in lines:
        item = ITEM.match(line)
        if item and _clean_prompt(item.group("text") or "")[0].endswith("?"):
            asked += 1
        elif _is_q_line(line):
            return True
        elif match := SUMMARY.search(line):
            asked += 0 if _answerish(inline_text(match.group(1))) else 2
    return asked >= 2


def parse_markdown(content: bytes, *, default_topic: str) -> ParseResult:
    text = decode_text(content)
    if text is None:
        return ParseResult.refused(NOT_UTF8)
    lines = [line.expandtabs(4) for line in text.splitlines()]
    if not any(line.strip() for line in lines):
        return ParseResult.refused("The file is empty.")
    question_headings = _count_question_headings(lines) >= QUESTION_HEADINGS
    items = _Parser(lines, base=0, topic=default_topic, question_headings=question_headings).run()
    if not items:
        return ParseResult.refused(
            "No questions were found. Write each question as a list item ('- What is ...?'), "
            "a <details><summary>question</summary> answer</details> block, a 'Q: ... A: ...' "
            "pair or a heading that ends with '?'."
        )
    return ParseResult(
        rows=[
            ParsedRow(
                item.line,
                QuestionData(prompt=item.prompt, model_answer=item.answer, topic=item.topic),
            )
            for item in items
        ]
    )
