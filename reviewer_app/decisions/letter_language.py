"""A letter in the member's language, and the English version kept with it.

The member's preferred language (the intake's ``preferred_language``) picks the letter's
catalog. With one, the letter is built inside :func:`letter_locale` (the catalog's text,
Babel's dates and numbers, the policy's translation file for criteria and quotes) and an
English version of the same decision is built beside it; both are rendered into one PDF
and signed together (:func:`reviewer_app.letters.render.render_letter`). Every message or
policy text left untranslated is recorded in ``LetterData.untranslated``, which the letter
check reports and which blocks signing. Without a catalog the letter is English, and
:func:`language_warnings` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reviewer_app.letters.content import LetterData
from reviewer_app.letters.i18n import (
    ENGLISH,
    _,
    current,
    has_catalog,
    language_code,
    language_name,
    letter_locale,
    long_date,
)
from reviewer_app.policy.translation import (
    PolicyTranslation,
    english_words,
    load_translation,
    translate_code,
    translate_criteria,
    translate_policy,
)

if TYPE_CHECKING:
    from reviewer_app.casefile import CaseFile
    from reviewer_app.decisions.letter_builder import LetterRequest
    from reviewer_app.policy.loader import Policy
    from reviewer_app.policy.models import CriteriaSet
    from reviewer_app.review.engine import Evaluation


@dataclass(frozen=True)
class LocalizedPolicy:
    """A case's policy and criteria in the language of the letter being built."""

    policy: Policy
    criteria: CriteriaSet
    translation: PolicyTranslation | None

    def code_description(self, code: str, description: str) -> str:
        if self.translation is None:
            return description
        return translate_code(code, description, self.translation)

    def citation(self) -> str:
        """The policy as a letter names it; its title stays in English (it is a name)."""
        meta = self.policy.meta
        if self.translation is None:
            return self.policy.citation_line()
        return _("Coverage Policy {number}, {title}, effective {date}").format(
            number=meta.number, title=meta.short_title, date=long_date(meta.effective_date)
        )


def localized(case: CaseFile) -> LocalizedPolicy:
    """The case's policy and criteria in the current letter's language."""
    language = current().language
    translation = None if language == ENGLISH else load_translation(case.policy, language)
    if translation is None:
        return LocalizedPolicy(case.policy, case.criteria, None)
    return LocalizedPolicy(
        translate_policy(case.policy, translation),
        translate_criteria(case.criteria, translation),
        translation,
    )


def build_letters(
    case: CaseFile, ev: Evaluation, req: LetterRequest, member_rationale: str = ""
) -> tuple[LetterData, LetterData | None]:
    """The letter in the member's language, and its English version when that is another.

    The reviewer's rationale is free text: a letter in another language prints
    ``member_rationale`` (its translation) and the English version prints the rationale
    itself; without a translation the English rationale is named as untranslated."""
    from reviewer_app.decisions.letter_builder import build_letter

    preferred = case.header.member_language or ""
    english = replace(build_letter(case, ev, req), preferred_language=preferred)
    if not has_catalog(preferred) or language_code(preferred) == ENGLISH:
        return english, None
    with letter_locale(preferred) as locale:
        data = replace(build_letter(case, ev, req), language=locale.language)
        if member_rationale.strip():
            data = replace(data, rationale=member_rationale.strip())
        _story_messages(data)
    left = _english_left(data, case.policy, case.criteria)
    if data.rationale and data.rationale == english.rationale:
        left.add(data.rationale)  # the reviewer's words, not yet translated
    data = replace(
        data, preferred_language=preferred, untranslated=tuple(sorted(locale.missing | left))
    )
    return data, replace(english, english_version_of=locale.language)


def _story_messages(data: LetterData) -> None:
    """Build the letter's story (without laying it out), so the locale records every
    message the letter prints that has no translation."""
    from reviewer_app.letters.story import build_story
    from reviewer_app.letters.styles import make_styles

    build_story(data, make_styles())


def _english_left(data: LetterData, policy: Policy, criteria: CriteriaSet) -> set[str]:
    """The policy's English words (criteria, quotes, section titles) a translated letter
    still carries: its translation file lacks them or translates older words."""
    texts = [data.decision, data.service, data.cpt_description, data.authorized_service]
    texts += [*data.approvable, data.extension_reason]
    for failed in data.failed_criteria:
        texts += [failed.label, failed.plain_reason, failed.policy_quote, failed.section_title]
        texts += list(failed.branches)
    for item in data.missing_items:
        texts += [item.what, item.why]
    body = "\n".join(texts)
    return {words for words in english_words(policy, criteria) if words in body}


def language_warnings(data: LetterData) -> list[str]:
    """What the reviewer should know about the letter's language (never blocks signing):
    a preferred language without a catalog, and whether the letter's taglines speak it."""
    from reviewer_app.letters.notices import notices_for

    preferred = data.preferred_language
    if not preferred or language_code(preferred) == ENGLISH or data.language != ENGLISH:
        return []
    name, org = language_name(preferred), data.organization
    taglines = notices_for(org, data.line_of_business, data.member.state).taglines
    tagline = next((t for t in taglines if language_code(t.code) == language_code(preferred)), None)
    interpretation = f"free oral interpretation by calling {org.phone} (TTY {org.tty})"
    if tagline is not None:
        applies = f"Its {tagline.language} tagline offers the member {interpretation}."
    else:
        applies = (
            f"No {name} tagline is printed for this plan and state; {interpretation} still "
            "applies: offer it when the plan calls the member."
        )
    return [
        f"The member prefers {name} ({preferred}), which has no letter catalog: this letter "
        f"is in English. {applies}"
    ]
