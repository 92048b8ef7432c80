"""The storm of `make bench`, a locust file: many people at once file complaints and reply.

Each simulated person is a browser: it signs in through the form, opens the complaint form,
takes the CSRF token from it, sends the form, and follows the redirect to the new complaint
page; now and then it replies on one of its own published complaints the same way. Every
accepted submission (the redirect names the new complaint or reply) is written down with the
unique word it carried, so the benchmark can check afterwards that each one is in the
database exactly once. Every response status is counted.

Runs under locust in its own virtual environment (no site code is imported); the plan comes
from the file named by STORM_PLAN, the record goes to STORM_RECORD.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import string
import time
from collections import Counter

from locust import FastHttpUser, constant, events, task

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
COMPLAINT = re.compile(r"/complaints/(\d+)$")
REPLY = re.compile(r"#reply-(\d+)$")

with open(os.environ["STORM_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
ACCOUNTS = itertools.cycle(PLAN["accounts"])
ACCEPTED: list[dict] = []
STATUSES: Counter = Counter()
STARTED = time.time()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


class Person(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.account = next(ACCOUNTS)
        self.rng = random.Random()
        self.headers = {"X-Forwarded-For": self.account["ip"], "User-Agent": "storm"}
        page = self._get("/auth/login")
        response = self._post("/auth/login", {
            "email": self.account["email"], "password": PLAN["password"],
            "csrf_token": self._token(page)})
        self.signed_in = response is not None and response.status_code == 303

    def _get(self, path: str):
        response = self.client.get(path, headers=self.headers, allow_redirects=False,
                                   name=path.split("?")[0] if "/complaints/" not in path
                                   else "/complaints/[id]")
        STATUSES[response.status_code] += 1
        return response

    def _post(self, path: str, data: dict, name: str | None = None):
        response = self.client.post(path, data=data, headers=self.headers,
                                    allow_redirects=False, name=name or path)
        STATUSES[response.status_code] += 1
        return response

    @staticmethod
    def _token(response) -> str:
        match = TOKEN.search(response.text or "") if response is not None else None
        return match.group(1) if match else ""

    @task(4)
    def file_complaint(self) -> None:
        if not self.signed_in:
            return
        form = self._get("/complaints/new")
        word = _word(self.rng)
        story = self.rng.choice(PLAN["stories"])
        response = self._post("/complaints/new", {
            "csrf_token": self._token(form), "company": self.rng.choice(PLAN["companies"]),
            "title": f"{story['title'][:100]} ({word})", "body": story["body"],
            "category": story["category"], "contacts_before": str(self.rng.randint(0, 9))})
        location = response.headers.get("Location", "") if response.status_code == 303 else ""
        if match := COMPLAINT.search(location):
            ACCEPTED.append({"kind": "complaint", "id": int(match.group(1)), "word": word,
                             "at": time.time()})
            self._get(location)

    @task(1)
    def reply(self) -> None:
        if not self.signed_in or not self.account["complaints"]:
            return
        complaint_id = self.rng.choice(self.account["complaints"])
        page = self._get(f"/complaints/{complaint_id}")
        word = _word(self.rng)
        response = self._post(f"/complaints/{complaint_id}/replies", {
            "csrf_token": self._token(page),
            "body": f"Nog steeds geen oplossing, ik wacht op antwoord ({word})."},
            name="/complaints/[id]/replies")
        location = response.headers.get("Location", "") if response.status_code == 303 else ""
        if match := REPLY.search(location):
            ACCEPTED.append({"kind": "reply", "id": int(match.group(1)), "word": word,
                             "complaint": complaint_id, "at": time.time()})
            self._get(location.split("#")[0])


@events.quitting.add_listener
def _write_record(environment, **kwargs) -> None:
    with open(os.environ["STORM_RECORD"], "w", encoding="utf-8") as handle:
        json.dump({"started": STARTED, "accepted": ACCEPTED,
                   "statuses": {str(code): count for code, count in STATUSES.items()}}, handle)
