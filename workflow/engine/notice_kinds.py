"""The kinds of news Förderweg sends, and how each person wants to hear of each kind.

Every transition that notifies names its kind (``Transition.notice_kind``); a request to join a consortium and
the mails about the account itself have theirs here too. Per kind a person chooses to get the mail at once
(the default), collected in one daily mail, or not at all; the notification in Förderweg appears in every case.
Some kinds cannot be chosen: their mail delivers a letter from which periods run, or protects the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from workflow.engine.declaration import Transition

IMMEDIATELY = "immediately"
DAILY = "daily"
OFF = "off"
CHOICES = {
    IMMEDIATELY: "sofort",
    DAILY: "tägliche Zusammenfassung",
    OFF: "aus",
}


@dataclass(frozen=True)
class NoticeKind:
    code: str
    label: str
    examples: str
    # Why the mail always goes out at once; None: the person chooses.
    fixed_because: Optional[str] = None

    @property
    def fixed(self) -> bool:
        return self.fixed_because is not None


TASK = "task"
REQUEST = "request"
LETTER = "letter"
PAYMENT = "payment"
DEADLINE = "deadline"
PROGRESS = "progress"
MEMBERSHIP = "membership"
SECURITY = "security"

NOTICE_KINDS = {
    kind.code: kind
    for kind in (
        NoticeKind(
            TASK,
            "Neue Aufgaben",
            "eingereichte Anträge, Änderungsanzeigen und Verwendungsnachweise, Vorschläge zur Zeichnung",
        ),
        NoticeKind(REQUEST, "Nachforderungen und Stellungnahmen", "Unterlagen nachgefordert, Antworten darauf"),
        NoticeKind(PAYMENT, "Mittelabrufe und Zahlungen", "Mittelabrufe, Auszahlungen, eingegangene Zahlungen"),
        NoticeKind(DEADLINE, "Fristen und Erinnerungen", "Erinnerungen vor Fristende, abgelaufene Fristen"),
        NoticeKind(
            PROGRESS,
            "Weitere Schritte im Verfahren",
            "Bestandskraft, Rechtsbehelfsverzicht, Rücknahme, geprüfte Nachweise",
        ),
        NoticeKind(MEMBERSHIP, "Zusammenschlüsse", "Anfragen zum Beitritt und Antworten darauf"),
        NoticeKind(
            LETTER,
            "Bescheide, Anhörungen und Mahnungen",
            "Zuwendungs-, Änderungs-, Widerrufsbescheide, Anhörungen, Mahnungen",
            fixed_because="Mit dieser E-Mail erhalten Sie ein Schreiben, ab dessen Bekanntgabe Fristen laufen; "
            "deshalb kann sie nicht abbestellt werden.",
        ),
        NoticeKind(
            SECURITY,
            "Zugang und Sicherheit",
            "Einladung, Link zum Zurücksetzen des Passworts, Hinweise zu Ihrem Konto",
            fixed_because="Diese E-Mails schützen Ihr Konto; deshalb können sie nicht abbestellt werden.",
        ),
    )
}


def delivery(kind: str, choice: Optional[str]) -> str:
    """How a notice of ``kind`` reaches someone who chose ``choice`` (None: never chose): fixed kinds at once."""
    if NOTICE_KINDS[kind].fixed or choice is None:
        return IMMEDIATELY
    return choice


def notice_problems(transition: "Transition") -> list[str]:
    """What is wrong with the kind a step's news declares (``programme check``): a step that notifies names a
    known kind, and one that delivers a letter to every party (``member_copies``) a kind nobody can switch off."""
    if not transition.notify:
        return []
    kind = NOTICE_KINDS.get(transition.notice_kind)
    if kind is None:
        return [f"Der Schritt „{transition.name}“ benachrichtigt, nennt aber keine bekannte Art der Nachricht."]
    if transition.member_copies and not kind.fixed:
        return [f"Der Schritt „{transition.name}“ stellt ein Schreiben zu; seine E-Mail muss immer sofort gehen."]
    return []
