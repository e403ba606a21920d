# SPDX-License-Identifier: BSD-2-Clause
"""A broken config file stops the daemon at once: exit status 2 and one
line on stderr naming FILE:LINE and the option (or the file, when it cannot
be read). Cases: a port that is not a number, a URL that is not http(s), a
multiplier out of range, an unterminated quote, a missing file."""

import os


def line_of(path, needle):
    with open(path) as f:
        for no, line in enumerate(f, 1):
            if needle in line:
                return no
    raise AssertionError("%s not in %s" % (needle, path))


def run(t):
    good = dict(url="http://127.0.0.1:9/acs")
    broken = {
        "port": t.config(url=good["url"], path=os.path.join(t.dir, "port.conf"),
                         cpe_opts={"port": "abc"}),
        "url": t.config(url="not-a-url", path=os.path.join(t.dir, "url.conf")),
        "retry_multiplier": t.config(url=good["url"],
                                     path=os.path.join(t.dir, "mult.conf"),
                                     acs_opts={"retry_multiplier": "999"}),
    }
    cases = []
    for option, path in broken.items():
        cases.append((path, line_of(path, "option %s " % option), option))

    quote = os.path.join(t.dir, "quote.conf")
    t.config(url=good["url"], path=quote)
    with open(quote) as f:
        lines = f.read().splitlines()
    lines.insert(3, "\toption username 'never closed")
    t.write(quote, "\n".join(lines) + "\n")
    # UCI lets a quoted value span lines, so libuci itself only notices at
    # the end of the file: the line where the quote opens (better) or the
    # last line are both accepted.
    cases.append((quote, (4, len(lines)), None))

    cases.append((os.path.join(t.dir, "does-not-exist.conf"), None, None))

    for path, line, option in cases:
        rc, err, took = t.run_to_exit(path, t.secs(2) + 1)
        name = os.path.basename(path)
        t.eq(rc, 2, "%s: exit status" % name)
        t.check(took <= t.secs(2), "%s: took %.1f s to exit" % (name, took))
        msgs = [ln for ln in err.splitlines() if ln.strip()]
        t.eq(len(msgs), 1, "%s: lines on stderr (%r)" % (name, msgs))
        lines = line if isinstance(line, tuple) else (line,)
        wheres = [path if n is None else "%s:%d:" % (path, n) for n in lines]
        t.check(any(w in msgs[0] for w in wheres),
                "%s: %r does not name %s" % (name, msgs[0], " or ".join(wheres)))
        if option:
            t.check("'%s'" % option in msgs[0],
                    "%s: %r does not name option '%s'" % (name, msgs[0], option))
