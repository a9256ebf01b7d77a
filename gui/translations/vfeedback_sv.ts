<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
    <context>
        <name />
        <message>
            <source>Coding</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Inspector</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Feedback plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Present the plan (full screen)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Present the plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Analysis overlay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus c&amp;oding</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus &amp;events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus &amp;inspector</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus feedback &amp;plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Play / faster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Slower / back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>◀| Frame back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>|▶ Frame forward</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>−1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+1 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>−5 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+5 s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to end</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AnnotationFiles</name>
        <message>
            <source>Import &amp;annotations…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add the events of an ELAN, BORIS, CSV or subtitle file to this recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import annotations with &amp;new codes…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>As Import, making codes for tiers and behaviours this app does not know yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>E&amp;xport annotations…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Write this recording's events as ELAN, BORIS, CSV or subtitles</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open a recording first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import annotations</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Imported {n} events from {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> ({k} skipped)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export annotations</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrote {n} events to {name}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AnnotationSession</name>
        <message>
            <source>Open a recording first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Undo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Redo</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CaptureView</name>
        <message>
            <source>or a phone camera address: rtsp://… http://…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No preview</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark moment (M)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Picture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>As the source offers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no visit yet)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{case}, visit {n}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recording… press M to mark a moment.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Marked {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Storing…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Storing the recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stored as recording {id}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{gb} GB free</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} dropped frames</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} markers</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CaseBrowser</name>
        <message>
            <source>Case / visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Theme</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New case…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Create a case (Ctrl+Shift+N)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add a visit to the selected case</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import video into the visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recordings of the visit (drop video here)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Visit {n} ({k} rec.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New case</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case code (a pseudonym, not a name):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rename case</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New case code:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a case first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Visit theme</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Theme:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import video</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a visit to import into</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Imported {n} recording(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Importing video</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CodingPanel</name>
        <message>
            <source>The coding scheme whose codes are on the keys</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Code</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>As the code says</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Both</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Who new events are about</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No valence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Strength</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>To work on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Valence of new events ({key})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel the interval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Scheme:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>S&amp;ubject:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Coding is not available: the annotation package is missing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Codes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This key belongs to the player; press Enter on the code instead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>point</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>interval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>rating</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open a recording to code it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rating ({lo}–{hi}):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{code} {a}–{b}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Coded: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Interval cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Press a code's key to mark the moment at the playhead; interval codes start and end on their key.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>● Recording interval… {code} from {t}. Press {key} again to end it, Esc to cancel.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>EventList</name>
        <message>
            <source>Filter events (code, subject, caption…)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>EventModel</name>
        <message>
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Code</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subject</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Valence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Caption</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>strength</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>to work on</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Inspector</name>
        <message>
            <source>Select an event to edit it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>—</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Both</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Strength</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>To work on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the child would say…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your note (not shown to the parent)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>comma-separated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>S&amp;tart:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;End:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Su&amp;bject:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Valence:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>C&amp;aption:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Co&amp;mment:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mo&amp;difiers:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rat&amp;ing:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select one event to edit it</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Cases</source>
            <translation>Ärenden</translation>
        </message>
        <message>
            <source>Ready: choose a case and a recording, or import video</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recovered {n} unfinished recording(s) and added them to their visits</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recovering recordings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Capture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;New case…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import video…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Case</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Rename case…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New &amp;visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Visit &amp;theme…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus &amp;cases</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus &amp;player</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Focus &amp;timeline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Keyboard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keyboard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preparing smooth seeking for this recording…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Smooth seeking ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preparing the recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Undo {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Redo {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Redo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Undo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Move event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Accept suggestion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no coding scheme with codes yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Code the moment as:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Suggested moment</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Operation</name>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Working</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>vfeedback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Something went wrong ({kind}): {message}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PlanBuilder</name>
        <message>
            <source>&amp;Add to plan ↓</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Propose</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replace the plan with one made from the coded moments: strengths first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pre&amp;view</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remo&amp;ve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>E&amp;xport reel and script…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Coded &amp;moments (strengths first):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Clips in showing order (drag to reorder, F2 edits the caption):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a visit to plan its feedback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{title} · {n} clips · {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Feedback plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>strength</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>to work on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Already in the plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clip {n}: {a}–{b}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n}. (no caption: F2 to write one)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add to the plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reorder the plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remove the clip</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Caption</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Propose a plan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replace the {n} clips of this plan with a proposal?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export the reel and script to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exporting the reel and script</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrote {files}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Player</name>
        <message>
            <source>Playback speed (the pitch is kept)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Play/Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a recording on the left, or import video (Ctrl+O)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Play</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>frame {n} / {total}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Presentation</name>
        <message>
            <source>Presentation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Press Space to begin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>That's all — thank you for watching together</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Esc to leave, Left to see the last moment again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Moment {n} of {total}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Space: next moment · Left: back · R: again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next: {theme}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Accept suggestion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dismiss suggestion</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TimelineCanvas</name>
        <message>
            <source>Suggested</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>f{n}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>VideoOverlay</name>
        <message>
            <source>Show analysis &amp;overlay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Skeletons, face boxes and gaze rays from the analysis, over the video</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Analyse this recording…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find the people, their poses and gaze (runs in the background; can be cancelled)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This recording has not been analysed yet: Analyse this recording first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading the analysis</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open a recording to analyse it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Analysing {name}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>parent</name>
        <message>
            <source>Choose a visit to present</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Presentation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This visit's feedback plan has no clips yet: add moments in the Feedback plan panel</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>self.builder</name>
        <message>
            <source>What the child would say…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>window</name>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>System default</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Language saved: new windows use it now, the whole app from the next start</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
