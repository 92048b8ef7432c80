"""The house rules of /about/terms, numbered, so moderation decisions can cite them by number.

Numbers are stable: a decision that cites rule 4 must keep meaning the same rule. Add new rules
at the end; never renumber.
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import LazyString

from complaints.formats import lazy_gettext as _l


class HouseRule(NamedTuple):
    number: int
    title: LazyString
    text: LazyString

    @property
    def anchor(self) -> str:
        """The fragment id on /about/terms, e.g. "rule-4"."""
        return f"rule-{self.number}"


HOUSE_RULES: tuple[HouseRule, ...] = (
    HouseRule(1, _l("Your own experience"), _l(
        "Write about your own experience with a company's customer service, or that of someone "
        "you help, such as a parent. Stories you only heard about, general opinions about a "
        "company and reviews of a product without contact with its helpdesk do not belong "
        "here.")),
    HouseRule(2, _l("No personal data in public text"), _l(
        "Public text contains no personal data: not of yourself (citizen service number, bank "
        "account, address, phone number, e-mail address, customer or contract number) and not "
        "of others. Name staff only by first name, as they introduced themselves. Details the "
        "company needs go in a private message.")),
    HouseRule(3, _l("No insults, threats or discrimination"), _l(
        "Be angry about what happened, not abusive to people. No insults, no threats, no "
        "discrimination or hate against anyone, including the staff who helped you or did "
        "not.")),
    HouseRule(4, _l("Stick to the facts you experienced"), _l(
        "Tell what happened, when, and what you were told. Do not accuse a company or a person "
        "of crimes or intent you cannot show. Untrue statements that harm someone's name are "
        "defamation, and we remove them.")),
    HouseRule(5, _l("No advertising or spam"), _l(
        "No advertising, no links to your own business, no promotion of a competitor, no "
        "chain letters and no text that has nothing to do with the complaint.")),
    HouseRule(6, _l("The right company"), _l(
        "Address your complaint to the company that failed you. If a shop sold you a product "
        "and the manufacturer handles the repair, choose the one whose customer service you "
        "dealt with.")),
    HouseRule(7, _l("One complaint per matter"), _l(
        "Post one complaint per matter. Add new developments to your own complaint as a "
        "follow-up instead of posting it again. If someone else already told the same story "
        "about the same company, support theirs with “me too”.")),
    HouseRule(8, _l("Company representatives speak for the company"), _l(
        "Representatives answer in the name of their company, with their name and job title. "
        "They put no pressure on consumers to change or withdraw a complaint, do not ask for "
        "confidential details in public, and do not post praise of their own company.")),
    HouseRule(9, _l("One account per person, no fake stories"), _l(
        "Use one account, in your own name or a nickname. Do not write complaints or give “me too” "
        "under several accounts, for others who did not ask you to, or to push a company's "
        "figures up or down.")),
    HouseRule(10, _l("Respect the law and other people's rights"), _l(
        "Do not post anything unlawful, such as copyrighted text you have no right to use, or "
        "confidential documents. The law always comes before these rules.")),
)


def rule(number: int) -> HouseRule:
    """The rule with this number (for citing it in a decision); KeyError when there is none."""
    for candidate in HOUSE_RULES:
        if candidate.number == number:
            return candidate
    raise KeyError(number)
