"""New customer: privacy notice → face, licence front and back, passport → summary (tap a
picture to retake it) → submit → reference."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.monitoring.logs import event as log_event
from kiosk.progress import Submitted
from kiosk.visit import Visit
from ui import texts
from ui.context import UiContext
from ui.flow_steps import SKIP_REASONS, Step, parse_steps, words
from ui.screens.capture_step import CaptureStep
from ui.screens.consent import Consent, ConsentPage, notice_text
from ui.screens.submission_done import SubmissionDonePage
from ui.widgets.common import Page, button, label
from ui.widgets.confirm import confirm_overlay
from ui.widgets.thumbs import ThumbRow

log = logging.getLogger(__name__)


class CustomerFlow(QStackedWidget):
    """The New customer screens; ``finished`` when the customer is done or cancels."""

    finished = Signal()

    def __init__(
        self, ctx: UiContext, language: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The visit holds the pictures and runs the checks that compare them.
        self.visit: Visit = ctx.services.visit("prospect", [])
        # The configured steps (app.prospect_steps), what the customer chose at each choice
        # and which were skipped (with the reason); ``steps`` is the pictures that makes.
        self.flow_steps: list[Step] = parse_steps(ctx.services.steps)
        self.chosen: dict[int, tuple[str, ...]] = {}
        self.skipped: dict[int, str] = {}
        self.steps: list[str] = []
        self._plan_pictures()
        self.index = 0
        self.group = 0  # the configured step on show
        # The step being retaken from the summary (None: going through the steps in order).
        self.retaking: str | None = None
        self.plan: Submitted | None = None
        self.consent: Consent | None = None
        self.language = language or ctx.services.settings.language
        self.capture = CaptureStep(
            ctx.preview,
            ctx.runner,
            ctx.new_autocapture(),
            ctx.services.current_camera,
            ctx.services.settings.app.override_reasons,
            recorder=ctx.core.recorder,
            staff_pin=ctx.services.staff_pin,
            pin_lockout=ctx.services.pin_lockout,
            prefs=ctx.prefs,
            capture_settings=ctx.services.settings.capture,
        )
        self.capture.visit = self.visit
        self.capture.accepted.connect(self._kept)
        self.capture.cancelled.connect(self.ask_cancel)
        self.capture.skip_requested.connect(lambda: self.ask_skip(self.group_of(self.kind)))
        self.addWidget(self.capture)
        self._build_consent()
        self._build_choice()
        self._build_skip()
        self._build_summary()
        self.done_page = SubmissionDonePage(ctx.core, ctx.background)
        self.done_page.done.connect(self.done)
        self.addWidget(self.done_page)

    def _build_consent(self) -> None:
        settings = self.ctx.services.settings
        text = notice_text("prospect", dict(settings.app.consent_text), self.language)
        self.consent_page = ConsentPage(text, self.language)
        self.consent_page.accepted.connect(self._consented)
        self.consent_page.declined.connect(self.cancel)
        self.addWidget(self.consent_page)

    def _build_choice(self) -> None:
        page = Page()
        page.set_heading(self.tr("Which document do you have?"), self.tr("Choose one."))
        self.choice_box = QVBoxLayout()
        self.choice_box.setSpacing(16)
        page.body.addLayout(self.choice_box)
        page.body.addStretch(1)
        self.choice_skip = button(
            self.tr("I have none of these"), lambda: self.ask_skip(self.group), object_id="skip"
        )
        page.set_footer(
            [button(self.tr("Cancel"), self.ask_cancel, object_id="cancel"), self.choice_skip], []
        )
        self.choice_page = page
        self.addWidget(page)

    def _build_skip(self) -> None:
        page = Page()
        page.set_heading(self.tr("Skip this step"), self.tr("Why is it skipped?"))
        for reason in SKIP_REASONS:
            page.body.addWidget(
                button(
                    words(reason),
                    lambda r=reason: self.skip(self.group, r),
                    "reason",
                    object_id=f"skip:{reason}",
                )
            )
        page.body.addStretch(1)
        page.set_footer([button(self.tr("Back"), self._skip_back, object_id="skip-back")], [])
        self.skip_page = page
        self.addWidget(page)

    def _build_summary(self) -> None:
        page = Page()
        page.set_heading(self.tr("Check your pictures"))
        self.thumbs = ThumbRow(action=self.tr("Tap to retake"))
        self.thumbs.chosen.connect(self.retake_item)
        page.body.addWidget(self.thumbs, 1)
        self.override_note = label("", "warn")
        page.body.addWidget(self.override_note)
        self.submit_button = button(self.tr("Send"), self.submit, "primary", object_id="submit")
        page.set_footer(
            [
                # Leaving and retaking look and read differently: one ends the visit.
                button(self.tr("Cancel and leave"), self.ask_cancel, "danger", object_id="cancel"),
                button(self.tr("Retake all pictures"), self.restart, object_id="restart"),
            ],
            [self.submit_button],
        )
        self.summary = page
        self.addWidget(page)

    # -- flow ------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin a new customer: the privacy notice, then the first step."""
        self.visit.wipe()
        self.visit = self.ctx.services.visit("prospect", [])
        self.capture.visit = self.visit
        self.plan = None
        self.consent = None
        self._forget_choices()
        self.consent_page.set_step(self.step_text(0))
        if self.ctx.services.settings.app.consent_required:
            self.setCurrentWidget(self.consent_page)
        else:
            self._consented(None)

    def _forget_choices(self) -> None:
        self.chosen.clear()
        self.skipped.clear()
        self._plan_pictures()
        self.retaking = None
        self.index = 0
        self.group = 0

    def _consented(self, consent: Consent | None) -> None:
        self.consent = consent
        self._advance()

    def restart(self) -> None:
        """Throw the pictures away and start at the first step again (consent stands)."""
        self.visit.wipe()
        self._forget_choices()
        self._advance()

    def retake_item(self, index: int) -> None:
        """Retake one picture from the summary; the others are kept."""
        if not 0 <= index < len(self.steps) or self.currentWidget() is not self.summary:
            return
        self.retaking = self.steps[index]
        self.index = index
        self._begin_step()

    # -- the configured steps: choices and skips -------------------------------------------

    def _plan_pictures(self) -> None:
        """The pictures the steps make: a choice's chosen kinds (its first until chosen),
        nothing for a skipped step."""
        self.steps = [
            kind
            for n, step in enumerate(self.flow_steps)
            if n not in self.skipped
            for kind in self.chosen.get(n, step.options[0])
        ]
        self.visit.steps = list(self.steps)

    def group_of(self, kind: str) -> int:
        """The configured step a kind belongs to (each kind is in one step)."""
        return next(n for n, step in enumerate(self.flow_steps) for o in step.options if kind in o)

    @property
    def kind(self) -> str:
        """The kind being captured."""
        return self.capture.kind

    def _advance(self) -> None:
        """The next screen: a choice to make, the next picture, or the summary."""
        if self.index >= len(self.steps):
            self.capture.stop()
            self._show_summary()
            return
        self.group = self.group_of(self.steps[self.index])
        step = self.flow_steps[self.group]
        if step.is_choice and self.group not in self.chosen:
            self._show_choice(step)
            return
        self._begin_step()

    def _show_choice(self, step: Step) -> None:
        while self.choice_box.count():
            item = self.choice_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for option in step.options:
            names = dict.fromkeys(texts.kind_choice(k) for k in option)
            self.choice_box.addWidget(
                button(
                    " + ".join(names),
                    lambda o=option: self.choose(self.group, o),
                    "choice",
                    object_id="choose:" + "+".join(option),
                )
            )
        self.choice_skip.setVisible(step.optional)
        self.choice_page.set_step(self.step_text(self.index + 1))
        self.capture.stop()
        self.setCurrentWidget(self.choice_page)

    def choose(self, group: int, option: tuple[str, ...]) -> None:
        """The customer chose one alternative of a step."""
        self.chosen[group] = tuple(option)
        self._plan_pictures()
        self._advance()

    def ask_skip(self, group: int) -> None:
        """Skipping an optional step asks why (recorded with the submission)."""
        if not self.flow_steps[group].optional:
            return
        self.group = group
        self.skip_page.set_step(self.step_text(self.index + 1))
        self.capture.stop()
        self.setCurrentWidget(self.skip_page)

    def _skip_back(self) -> None:
        step = self.flow_steps[self.group]
        if step.is_choice and self.group not in self.chosen:
            self._show_choice(step)
        else:
            self._begin_step()

    def skip(self, group: int, reason: str) -> None:
        """Skip an optional step for ``reason``; any of its pictures already taken go."""
        first = min(
            (n for n, kind in enumerate(self.steps) if self.group_of(kind) == group),
            default=self.index,
        )
        for kind in [k for k in self.steps if self.group_of(k) == group]:
            self.visit.forget(kind)
        self.skipped[group] = reason
        self.chosen.pop(group, None)
        self._plan_pictures()
        self.index = first
        if self.retaking is not None:
            self.retaking = None
            self.index = len(self.steps)
        self._advance()

    def skips(self) -> list[dict[str, str]]:
        """The skipped steps as recorded with the submission: the step and the reason."""
        return [
            {"step": self.flow_steps[n].text.rstrip("?"), "reason": reason}
            for n, reason in sorted(self.skipped.items())
        ]

    def step_text(self, screen: int) -> str:
        """The stepper: the notice, each picture, the check, the reference."""
        # Without the notice (consent collected elsewhere) the pictures are the first screens.
        skip = 0 if self.ctx.services.settings.app.consent_required else 1
        screen, total = screen - skip, len(self.steps) + 3 - skip
        dots = " ".join("●" if n <= screen else "○" for n in range(total))
        return (
            self.tr("Step %1 of %2").replace("%1", str(screen + 1)).replace("%2", str(total))
            + "   "
            + dots
        )

    def _begin_step(self) -> None:
        key = self.steps[self.index]
        self.capture.set_step(self.step_text(self.index + 1))
        self.capture.begin(key, texts.kind_label(key), texts.kind_hint(key))
        self.capture.set_skippable(self.flow_steps[self.group_of(key)].optional)
        self.setCurrentWidget(self.capture)

    def _kept(self, picture: Any, outcome: Any) -> None:
        key = self.steps[self.index]
        if outcome.overridden:
            # The visit checks that staff named every failed check.
            self.visit.override(
                outcome.failed_checks, outcome.override_reason, picture=picture, key=key
            )
        else:
            self.visit.keep(picture, outcome, key=key)
        self.index += 1
        if self.retaking is not None:
            self.retaking = None
            self.index = len(self.steps)
        self._advance()

    def _show_summary(self) -> None:
        items = []
        notes = []
        for key in self.steps:
            kept = self.visit.picture(key)
            style = "warn" if kept.outcome.overridden else "ok"
            items.append((kept.picture.preview, texts.kind_label(key), style))
            if kept.outcome.overridden:
                notes.append(texts.kind_label(key))
        self.thumbs.show_items(items)
        self.summary.set_heading(
            self.tr("Check your pictures"),
            self.tr("Not every check passed: staff accepted some pictures by override.")
            if notes
            else self.tr("Every check passed. Ready to send."),
        )
        lines = []
        if notes:
            lines.append(self.tr("Staff override recorded for: %1").replace("%1", ", ".join(notes)))
        for n, reason in sorted(self.skipped.items()):
            names = dict.fromkeys(
                texts.kind_choice(k) for option in self.flow_steps[n].options for k in option
            )
            lines.append(
                self.tr("Skipped: %1 (%2)")
                .replace("%1", " / ".join(names))
                .replace("%2", words(reason))
            )
        self.override_note.setText("\n".join(lines))
        self.submit_button.setEnabled(True)
        self.summary.set_step(self.step_text(len(self.steps) + 1))
        self.setCurrentWidget(self.summary)

    def submit(self) -> None:
        """Queue the pictures in the outbox (off the UI thread), then show the reference."""
        self.submit_button.setEnabled(False)
        # The notice accepted and the steps skipped travel with the submission.
        visit = self.visit
        visit.consent = self.consent.as_json() if self.consent is not None else None
        visit.skipped = self.skips()
        self.ctx.background.run(lambda: visit.submit(), self._submitted, self._submit_failed)

    def _submitted(self, plan: Submitted) -> None:
        self.plan = plan
        self.visit.wipe()
        if self.consent is not None:
            # Sent with the submission; the log notes it by reference too (no customer data).
            log_event(log, "consent_accepted", reference=plan.reference, **self.consent.as_json())
        for skipped in self.skips():
            log_event(log, "step_skipped", reference=plan.reference, **skipped)
        self.done_page.set_step(self.step_text(len(self.steps) + 2))
        self.setCurrentWidget(self.done_page)
        self.done_page.follow(plan.reference)

    def _submit_failed(self, error: BaseException) -> None:
        # The reason is in the log for staff (the background runner logged it); the customer
        # is told what happened and what to do, in their language.
        self.submit_button.setEnabled(True)
        self.override_note.setText(
            self.tr("Could not save the pictures. Please ask a member of staff.")
        )

    def done(self) -> None:
        """The customer is finished; "Done" never waits for delivery."""
        self.cancel()

    def ask_cancel(self) -> None:
        """Cancel; with pictures taken, only once the customer confirms they go."""
        if not self.visit.kept and self.capture.picture is None:
            self.cancel()
            return
        confirm_overlay(self).ask(
            self.tr("Throw the pictures away?"),
            self.tr("Your pictures will be deleted and nothing will be sent."),
            self.tr("Delete and leave"),
            self.tr("Keep going"),
            self.cancel,
        )

    def cancel(self) -> None:
        """Leave the flow, wiping every picture."""
        self.done_page.stop()
        self.capture.stop()
        self.visit.wipe()
        self.plan = None
        self.finished.emit()
