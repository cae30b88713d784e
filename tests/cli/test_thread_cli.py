"""`midweek thread` and `today`'s "last time you learned"."""


def test_thread_empty_then_follows_a_theme(run, run_json) -> None:
    assert "No sessions to follow yet" in run("thread").stdout
    run("session", "add", "--date", "2026-11-10", "-t", "Worry time helps", "--theme", "worry")
    run(
        "homework",
        "add",
        "Worry time",
        "--per-week",
        "3",
        "--minutes",
        "10",
        "--from",
        "2026-11-10",
    )
    run("log", "1", "done", "--at", "2026-11-11 18:00")
    run("log", "1", "partial", "--minutes", "5", "--at", "2026-11-12 18:00")
    run(
        "journal",
        "write",
        "Worry time felt odd but useful.",
        "--tag",
        "worry",
        "--at",
        "2026-11-12 21:00",
    )
    run("session", "add", "--date", "2026-11-17", "-t", "Say no kindly", "--theme", "boundaries")
    out = run("thread", "--theme", "worry").stdout
    assert "The thread: “worry” (1 session)" in out
    assert "Learned: Worry time helps" in out
    worry = "Worry time — 1 done and 1 partly — about 1½ of 3 practices, 15 of 30 minutes"
    assert f"Homework: {worry}" in out
    assert "#worry Worry time felt odd but useful." in out
    assert "Say no kindly" not in out
    data = run_json("thread")
    assert [s["session"]["date"] for s in data["steps"]] == ["2026-11-10", "2026-11-17"]
    assert "No sessions match" in run("thread", "--theme", "sleep").stdout
    r = run("thread", "--theme", "x", "--goal", "1", ok=False)
    assert r.exit_code == 2 and "either a theme or a goal" in r.stderr
