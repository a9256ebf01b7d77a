<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
    <context>
        <name />
        <message>
            <source>Coding</source>
            <translation>Kodning</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>Egenskaper</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Händelser</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Visa</translation>
        </message>
        <message>
            <source>Feedback plan</source>
            <translation>Återkopplingsplan</translation>
        </message>
        <message>
            <source>Present the plan</source>
            <translation>Visa planen</translation>
        </message>
        <message>
            <source>Analysis overlay</source>
            <translation>Analysöverlägg</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Arkiv</translation>
        </message>
    </context>
    <context>
        <name>AccountForm</name>
        <message>
            <source>User</source>
            <translation>Användare</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Roll</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>Nytt lösenord</translation>
        </message>
        <message>
            <source>Repeat it</source>
            <translation>Upprepa det</translation>
        </message>
        <message>
            <source>Give a user name</source>
            <translation>Ange ett användarnamn</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>Lösenorden är olika</translation>
        </message>
    </context>
    <context>
        <name>AccountsDialog</name>
        <message>
            <source>Accounts</source>
            <translation>Konton</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Användare</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Roll</translation>
        </message>
        <message>
            <source>Last login (UTC)</source>
            <translation>Senaste inloggning (UTC)</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>&amp;Lägg till…</translation>
        </message>
        <message>
            <source>New &amp;password…</source>
            <translation>Nytt &amp;lösenord…</translation>
        </message>
        <message>
            <source>The selected user's role (from their next login)</source>
            <translation>Den valda användarens roll (från nästa inloggning)</translation>
        </message>
        <message>
            <source>&amp;Disable</source>
            <translation>&amp;Stäng av</translation>
        </message>
        <message>
            <source>&amp;Enable…</source>
            <translation>&amp;Aktivera…</translation>
        </message>
        <message>
            <source>&amp;Role:</source>
            <translation>&amp;Roll:</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>avstängd</translation>
        </message>
        <message>
            <source>locked {n} min</source>
            <translation>låst {n} min</translation>
        </message>
        <message>
            <source>active</source>
            <translation>aktiv</translation>
        </message>
        <message>
            <source>Added {name}</source>
            <translation>{name} har lagts till</translation>
        </message>
        <message>
            <source>{name} can no longer log in</source>
            <translation>{name} kan inte längre logga in</translation>
        </message>
        <message>
            <source>{name} can log in again with the new password</source>
            <translation>{name} kan logga in igen med det nya lösenordet</translation>
        </message>
        <message>
            <source>New password set for {name}</source>
            <translation>Nytt lösenord satt för {name}</translation>
        </message>
        <message>
            <source>{name} is now {role} (from their next login)</source>
            <translation>{name} är nu {role} (från nästa inloggning)</translation>
        </message>
        <message>
            <source>Add an account</source>
            <translation>Lägg till ett konto</translation>
        </message>
        <message>
            <source>Enable {name}</source>
            <translation>Aktivera {name}</translation>
        </message>
        <message>
            <source>New password for {name}</source>
            <translation>Nytt lösenord för {name}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationFiles</name>
        <message>
            <source>Open a recording first</source>
            <translation>Öppna en inspelning först</translation>
        </message>
        <message>
            <source>Import annotations</source>
            <translation>Importera annoteringar</translation>
        </message>
        <message>
            <source>Imported {n} events from {name}</source>
            <translation>Importerade {n} händelser från {name}</translation>
        </message>
        <message>
            <source> ({k} skipped)</source>
            <translation> ({k} överhoppade)</translation>
        </message>
        <message>
            <source>Export annotations</source>
            <translation>Exportera annoteringar</translation>
        </message>
        <message>
            <source>Wrote {n} events to {name}</source>
            <translation>Skrev {n} händelser till {name}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationSession</name>
        <message>
            <source>Open a recording first</source>
            <translation>Öppna en inspelning först</translation>
        </message>
        <message>
            <source>Not yet on the server: “{what}” is kept and will be sent when the server is back</source>
            <translation>Ännu inte på servern: ”{what}” sparas och skickas när servern är tillbaka</translation>
        </message>
        <message>
            <source>Add event</source>
            <translation>Lägg till händelse</translation>
        </message>
        <message>
            <source>Change event</source>
            <translation>Ändra händelse</translation>
        </message>
        <message>
            <source>Move event</source>
            <translation>Flytta händelse</translation>
        </message>
        <message>
            <source>Delete event</source>
            <translation>Ta bort händelse</translation>
        </message>
        <message>
            <source>Import annotations</source>
            <translation>Importera annoteringar</translation>
        </message>
        <message>
            <source>Suggested moment</source>
            <translation>Föreslagen stund</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Ångra</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>Gör om</translation>
        </message>
    </context>
    <context>
        <name>AuditDialog</name>
        <message>
            <source>Audit log</source>
            <translation>Granskningslogg</translation>
        </message>
        <message>
            <source>Filter: action, user or object…</source>
            <translation>Filtrera: åtgärd, användare eller objekt…</translation>
        </message>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>When (UTC)</source>
            <translation>När (UTC)</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Användare</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Åtgärd</translation>
        </message>
        <message>
            <source>Object</source>
            <translation>Objekt</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Detaljer</translation>
        </message>
        <message>
            <source>&amp;Verify the chain</source>
            <translation>&amp;Verifiera kedjan</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>&amp;Exportera…</translation>
        </message>
        <message>
            <source>&amp;Reload</source>
            <translation>&amp;Läs in igen</translation>
        </message>
        <message>
            <source>The audit log is intact: {n} rows</source>
            <translation>Granskningsloggen är intakt: {n} rader</translation>
        </message>
        <message>
            <source>row {id} (#{seq})</source>
            <translation>rad {id} (#{seq})</translation>
        </message>
        <message>
            <source>the end of the log</source>
            <translation>loggens slut</translation>
        </message>
        <message>
            <source>Tampered with at {where}: {why}</source>
            <translation>Manipulerad vid {where}: {why}</translation>
        </message>
        <message>
            <source>Export the audit log</source>
            <translation>Exportera granskningsloggen</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Wrote {n} rows to {path}</source>
            <translation>Skrev {n} rader till {path}</translation>
        </message>
    </context>
    <context>
        <name>CaptureView</name>
        <message>
            <source>or a phone camera address: rtsp://… http://…</source>
            <translation>eller en mobilkameras adress: rtsp://… http://…</translation>
        </message>
        <message>
            <source>No preview</source>
            <translation>Ingen förhandsvisning</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Spela in</translation>
        </message>
        <message>
            <source>Mark moment (M)</source>
            <translation>Markera stund (M)</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Källa</translation>
        </message>
        <message>
            <source>Picture</source>
            <translation>Bild</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>Besök</translation>
        </message>
        <message>
            <source>As the source offers</source>
            <translation>Som källan erbjuder</translation>
        </message>
        <message>
            <source>Loading the visits</source>
            <translation>Läser in besöken</translation>
        </message>
        <message>
            <source>(no visit yet)</source>
            <translation>(inget besök ännu)</translation>
        </message>
        <message>
            <source>{case}, visit {n}</source>
            <translation>{case}, besök {n}</translation>
        </message>
        <message>
            <source>Cannot record</source>
            <translation>Kan inte spela in</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stoppa</translation>
        </message>
        <message>
            <source>Recording… press M to mark a moment.</source>
            <translation>Spelar in… tryck M för att markera en stund.</translation>
        </message>
        <message>
            <source>Marked {t}</source>
            <translation>Markerade {t}</translation>
        </message>
        <message>
            <source>Storing…</source>
            <translation>Sparar…</translation>
        </message>
        <message>
            <source>Storing the recording</source>
            <translation>Sparar inspelningen</translation>
        </message>
        <message>
            <source>Stored as recording {id}</source>
            <translation>Sparad som inspelning {id}</translation>
        </message>
        <message>
            <source>{gb} GB free</source>
            <translation>{gb} GB ledigt</translation>
        </message>
        <message>
            <source>{n} dropped frames</source>
            <translation>{n} tappade bildrutor</translation>
        </message>
        <message>
            <source>{n} markers</source>
            <translation>{n} markeringar</translation>
        </message>
    </context>
    <context>
        <name>CaseBrowser</name>
        <message>
            <source>Case / visit</source>
            <translation>Ärende / besök</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Tema</translation>
        </message>
        <message>
            <source>New case…</source>
            <translation>Nytt ärende…</translation>
        </message>
        <message>
            <source>Create a case (Ctrl+Shift+N)</source>
            <translation>Skapa ett ärende (Ctrl+Skift+N)</translation>
        </message>
        <message>
            <source>New visit</source>
            <translation>Nytt besök</translation>
        </message>
        <message>
            <source>Add a visit to the selected case</source>
            <translation>Lägg till ett besök i det valda ärendet</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Importera…</translation>
        </message>
        <message>
            <source>Import video into the visit</source>
            <translation>Importera video till besöket</translation>
        </message>
        <message>
            <source>Recordings of the visit (drop video here)</source>
            <translation>Besökets inspelningar (släpp video här)</translation>
        </message>
        <message>
            <source>Recent</source>
            <translation>Senaste</translation>
        </message>
        <message>
            <source>Visit {n} ({k} rec.)</source>
            <translation>Besök {n} ({k} inspeln.)</translation>
        </message>
        <message>
            <source>New case</source>
            <translation>Nytt ärende</translation>
        </message>
        <message>
            <source>Case code (a pseudonym, not a name):</source>
            <translation>Ärendekod (en pseudonym, inte ett namn):</translation>
        </message>
        <message>
            <source>Rename case</source>
            <translation>Byt namn på ärende</translation>
        </message>
        <message>
            <source>New case code:</source>
            <translation>Ny ärendekod:</translation>
        </message>
        <message>
            <source>Select a case first</source>
            <translation>Välj ett ärende först</translation>
        </message>
        <message>
            <source>Visit theme</source>
            <translation>Besökets tema</translation>
        </message>
        <message>
            <source>Theme of visit {n}:</source>
            <translation>Tema för besök {n}:</translation>
        </message>
        <message>
            <source>Select a visit first</source>
            <translation>Välj ett besök först</translation>
        </message>
        <message>
            <source>Import video</source>
            <translation>Importera video</translation>
        </message>
        <message>
            <source>Select a visit to import into</source>
            <translation>Välj ett besök att importera till</translation>
        </message>
        <message>
            <source>Imported {n} recording(s)</source>
            <translation>Importerade {n} inspelning(ar)</translation>
        </message>
        <message>
            <source>Importing video</source>
            <translation>Importerar video</translation>
        </message>
    </context>
    <context>
        <name>CodingPanel</name>
        <message>
            <source>The coding scheme whose codes are on the keys</source>
            <translation>Kodschemat vars koder ligger på tangenterna</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Tangent</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Kod</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Typ</translation>
        </message>
        <message>
            <source>As the code says</source>
            <translation>Som koden anger</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>Förälder</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Barn</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>Båda</translation>
        </message>
        <message>
            <source>Who new events are about</source>
            <translation>Vem nya händelser gäller</translation>
        </message>
        <message>
            <source>Valence ({key}):</source>
            <translation>Valens ({key}):</translation>
        </message>
        <message>
            <source>Valence of new events ({key})</source>
            <translation>Valens för nya händelser ({key})</translation>
        </message>
        <message>
            <source>&amp;Scheme:</source>
            <translation>&amp;Schema:</translation>
        </message>
        <message>
            <source>S&amp;ubject:</source>
            <translation>S&amp;ubjekt:</translation>
        </message>
        <message>
            <source>Coding is not available: the annotation package is missing</source>
            <translation>Kodning är inte tillgänglig: annoteringspaketet saknas</translation>
        </message>
        <message>
            <source>Codes</source>
            <translation>Koder</translation>
        </message>
        <message>
            <source>{code}, with a caption</source>
            <translation>{code}, med bildtext</translation>
        </message>
        <message>
            <source>This key belongs to the player; press Enter on the code instead</source>
            <translation>Den här tangenten hör till spelaren; tryck Enter på koden i stället</translation>
        </message>
        <message>
            <source>• point</source>
            <translation>• punkt</translation>
        </message>
        <message>
            <source>⟷ interval</source>
            <translation>⟷ intervall</translation>
        </message>
        <message>
            <source>rating</source>
            <translation>skattning</translation>
        </message>
        <message>
            <source>Interval: press {key} to start, {key} again to end (Esc cancels)</source>
            <translation>Intervall: tryck {key} för att börja, {key} igen för att avsluta (Esc avbryter)</translation>
        </message>
        <message>
            <source>Rating: press {key} and give a number</source>
            <translation>Skattning: tryck {key} och ange ett tal</translation>
        </message>
        <message>
            <source>Point: press {key} to mark the moment at the playhead</source>
            <translation>Punkt: tryck {key} för att markera stunden vid uppspelningsmarkören</translation>
        </message>
        <message>
            <source>Next moment: to work on</source>
            <translation>Nästa stund: att arbeta med</translation>
        </message>
        <message>
            <source>Next moment: strength</source>
            <translation>Nästa stund: styrka</translation>
        </message>
        <message>
            <source>Open a recording to code it</source>
            <translation>Öppna en inspelning för att koda den</translation>
        </message>
        <message>
            <source>Recording interval… {code} (press {key} again to end, Esc to cancel)</source>
            <translation>Intervall pågår… {code} (tryck {key} igen för att avsluta, Esc för att avbryta)</translation>
        </message>
        <message>
            <source>Rating ({lo}–{hi}):</source>
            <translation>Skattning ({lo}–{hi}):</translation>
        </message>
        <message>
            <source>{code} {a}–{b}</source>
            <translation>{code} {a}–{b}</translation>
        </message>
        <message>
            <source>Coded: {what} (to work on); the next moment is a strength</source>
            <translation>Kodat: {what} (att arbeta med); nästa stund är en styrka</translation>
        </message>
        <message>
            <source>Coded: {what}</source>
            <translation>Kodat: {what}</translation>
        </message>
        <message>
            <source>Interval cancelled</source>
            <translation>Intervallet avbröts</translation>
        </message>
        <message>
            <source>Press a code's key to mark the moment at the playhead; interval codes start and end on their key.</source>
            <translation>Tryck på en kods tangent för att markera stunden vid uppspelningspositionen; intervallkoder startar och slutar på sin tangent.</translation>
        </message>
        <message>
            <source>● Recording interval… {code} from {t}. Press {key} again to end it, Esc to cancel.</source>
            <translation>● Spelar in intervall… {code} från {t}. Tryck {key} igen för att avsluta, Esc för att avbryta.</translation>
        </message>
        <message>
            <source>Enter</source>
            <translation>Enter</translation>
        </message>
    </context>
    <context>
        <name>ConflictDialog</name>
        <message>
            <source>Changed by someone else</source>
            <translation>Ändrad av någon annan</translation>
        </message>
        <message>
            <source>Deleted by someone else</source>
            <translation>Raderad av någon annan</translation>
        </message>
        <message>
            <source>Changed by {who} at {time}</source>
            <translation>Ändrad av {who} {time}</translation>
        </message>
        <message>
            <source>someone else</source>
            <translation>någon annan</translation>
        </message>
        <message>
            <source>Reload shows their version; Keep mine saves yours over it.</source>
            <translation>Läs in igen visar deras version; Behåll min sparar din över den.</translation>
        </message>
        <message>
            <source>Reload shows how it is now.</source>
            <translation>Läs in igen visar hur det ser ut nu.</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>Läs in igen</translation>
        </message>
        <message>
            <source>Keep mine</source>
            <translation>Behåll min</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}): {message}</source>
            <translation>Något gick fel ({kind}): {message}</translation>
        </message>
    </context>
    <context>
        <name>ConsentDialog</name>
        <message>
            <source>Consent for case {code}</source>
            <translation>Samtycke för ärende {code}</translation>
        </message>
        <message>
            <source>Filming</source>
            <translation>Filmning</translation>
        </message>
        <message>
            <source>Use in feedback</source>
            <translation>Användning i feedback</translation>
        </message>
        <message>
            <source>Use in supervision</source>
            <translation>Användning i handledning</translation>
        </message>
        <message>
            <source>Use in research and teaching</source>
            <translation>Användning i forskning och undervisning</translation>
        </message>
        <message>
            <source>not recorded</source>
            <translation>inte registrerat</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>ja</translation>
        </message>
        <message>
            <source>no</source>
            <translation>nej</translation>
        </message>
        <message>
            <source>Delete the case after</source>
            <translation>Radera ärendet efter</translation>
        </message>
        <message>
            <source>Keep until</source>
            <translation>Spara till och med</translation>
        </message>
        <message>
            <source>When</source>
            <translation>När</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Vad</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Värde</translation>
        </message>
        <message>
            <source>Recorded by</source>
            <translation>Registrerat av</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Historik</translation>
        </message>
        <message>
            <source>recorded by {who} on {when}</source>
            <translation>registrerat av {who} {when}</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Samtycke</translation>
        </message>
    </context>
    <context>
        <name>EventList</name>
        <message>
            <source>Filter events (code, subject, caption…)</source>
            <translation>Filtrera händelser (kod, subjekt, bildtext…)</translation>
        </message>
    </context>
    <context>
        <name>EventModel</name>
        <message>
            <source>Time</source>
            <translation>Tid</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Kod</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subjekt</translation>
        </message>
        <message>
            <source>Valence</source>
            <translation>Valens</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>Bildtext</translation>
        </message>
        <message>
            <source>strength</source>
            <translation>styrka</translation>
        </message>
        <message>
            <source>to work on</source>
            <translation>att arbeta med</translation>
        </message>
    </context>
    <context>
        <name>InactivityLock</name>
        <message>
            <source>vfeedback — locked</source>
            <translation>vfeedback — låst</translation>
        </message>
    </context>
    <context>
        <name>Inspector</name>
        <message>
            <source>Select an event to edit it</source>
            <translation>Välj en händelse för att redigera den</translation>
        </message>
        <message>
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>Förälder</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Barn</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>Båda</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>Styrka</translation>
        </message>
        <message>
            <source>To work on</source>
            <translation>Att arbeta med</translation>
        </message>
        <message>
            <source>What the child would say…</source>
            <translation>Vad barnet skulle säga…</translation>
        </message>
        <message>
            <source>Your note (not shown to the parent)</source>
            <translation>Din anteckning (visas inte för föräldern)</translation>
        </message>
        <message>
            <source>comma-separated</source>
            <translation>kommaseparerade</translation>
        </message>
        <message>
            <source>S&amp;tart:</source>
            <translation>S&amp;tart:</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>&amp;Slut:</translation>
        </message>
        <message>
            <source>Su&amp;bject:</source>
            <translation>Su&amp;bjekt:</translation>
        </message>
        <message>
            <source>&amp;Valence:</source>
            <translation>&amp;Valens:</translation>
        </message>
        <message>
            <source>C&amp;aption:</source>
            <translation>Bild&amp;text:</translation>
        </message>
        <message>
            <source>Co&amp;mment:</source>
            <translation>Ko&amp;mmentar:</translation>
        </message>
        <message>
            <source>Mo&amp;difiers:</source>
            <translation>Mo&amp;difierare:</translation>
        </message>
        <message>
            <source>Rat&amp;ing:</source>
            <translation>Skatt&amp;ning:</translation>
        </message>
        <message>
            <source>Select one event to edit it</source>
            <translation>Välj en händelse för att redigera den</translation>
        </message>
    </context>
    <context>
        <name>LiveRefresh</name>
        <message>
            <source>The list of edits waiting for the server was damaged; it was set aside as {path} and a new one started</source>
            <translation>Listan över ändringar som väntar på servern var skadad; den lades undan som {path} och en ny påbörjades</translation>
        </message>
        <message>
            <source>1 edit waiting — not yet on the server</source>
            <translation>1 ändring väntar — ännu inte på servern</translation>
        </message>
        <message>
            <source>{n} edits waiting — not yet on the server</source>
            <translation>{n} ändringar väntar — ännu inte på servern</translation>
        </message>
        <message>
            <source>Sent to the server: {n} edits that waited</source>
            <translation>Skickat till servern: {n} ändringar som väntade</translation>
        </message>
        <message>
            <source>Not sent: “{what}”: {why}</source>
            <translation>Inte skickat: ”{what}”: {why}</translation>
        </message>
        <message>
            <source>1 edit refused by the server</source>
            <translation>1 ändring vägrad av servern</translation>
        </message>
        <message>
            <source>{n} edits refused by the server</source>
            <translation>{n} ändringar vägrade av servern</translation>
        </message>
        <message>
            <source>Edits refused by the server</source>
            <translation>Ändringar som servern vägrade</translation>
        </message>
        <message>
            <source>The server refused these edits when they were sent. Redo them by hand if they are still wanted.</source>
            <translation>Servern vägrade ta emot de här ändringarna när de skickades. Gör om dem för hand om de fortfarande behövs.</translation>
        </message>
        <message>
            <source>Recording {rid}: {what}: {why}</source>
            <translation>Inspelning {rid}: {what}: {why}</translation>
        </message>
        <message>
            <source>Forget them</source>
            <translation>Glöm dem</translation>
        </message>
    </context>
    <context>
        <name>LockPanel</name>
        <message>
            <source>Locked after a while without use. {name}, enter your password to go on; nothing was lost.</source>
            <translation>Låst efter en stund utan användning. {name}, ange ditt lösenord för att fortsätta; inget har gått förlorat.</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>Lås upp</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Log in</source>
            <translation>Logga in</translation>
        </message>
        <message>
            <source>This home is protected. Log in to open it.</source>
            <translation>Den här datamappen är skyddad. Logga in för att öppna den.</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Användare</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Lösenord</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Avsluta</translation>
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
            <translation>Klar: välj ett ärende och en inspelning, eller importera video</translation>
        </message>
        <message>
            <source>Recovered {n} unfinished recording(s) and added them to their visits</source>
            <translation>Återställde {n} oavslutade inspelning(ar) och lade till dem i deras besök</translation>
        </message>
        <message>
            <source>Recovering recordings</source>
            <translation>Återställer inspelningar</translation>
        </message>
        <message>
            <source>Capture</source>
            <translation>Inspelning</translation>
        </message>
        <message>
            <source>P&amp;lan</source>
            <translation>P&amp;lan</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Arkiv</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Redigera</translation>
        </message>
        <message>
            <source>Coding &amp;schemes…</source>
            <translation>&amp;Kodscheman…</translation>
        </message>
        <message>
            <source>&amp;Undo: {what}</source>
            <translation>&amp;Ångra: {what}</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Ångra</translation>
        </message>
        <message>
            <source>&amp;Redo: {what}</source>
            <translation>&amp;Gör om: {what}</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Gör om</translation>
        </message>
        <message>
            <source>Nothing to redo</source>
            <translation>Inget att göra om</translation>
        </message>
        <message>
            <source>Nothing to undo</source>
            <translation>Inget att ångra</translation>
        </message>
        <message>
            <source>Redone: {what}</source>
            <translation>Gjort om: {what}</translation>
        </message>
        <message>
            <source>Undone: {what}</source>
            <translation>Ångrat: {what}</translation>
        </message>
        <message>
            <source>Select a moment to delete it</source>
            <translation>Välj en stund för att ta bort den</translation>
        </message>
        <message>
            <source>&amp;Case</source>
            <translation>Ä&amp;rende</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>&amp;Uppspelning</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Visa</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hjälp</translation>
        </message>
        <message>
            <source>Keyboard</source>
            <translation>Tangentbord</translation>
        </message>
        <message>
            <source>Open recording</source>
            <translation>Öppna inspelning</translation>
        </message>
        <message>
            <source>Preparing smooth seeking for this recording…</source>
            <translation>Förbereder smidig spolning för den här inspelningen…</translation>
        </message>
        <message>
            <source>Smooth seeking ready</source>
            <translation>Smidig spolning klar</translation>
        </message>
        <message>
            <source>Preparing the recording</source>
            <translation>Förbereder inspelningen</translation>
        </message>
        <message>
            <source>Accept suggestion</source>
            <translation>Godta förslag</translation>
        </message>
        <message>
            <source>There is no coding scheme with codes yet</source>
            <translation>Det finns inget kodschema med koder ännu</translation>
        </message>
        <message>
            <source>Code the moment as:</source>
            <translation>Koda stunden som:</translation>
        </message>
    </context>
    <context>
        <name>Operation</name>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>Arbetar</translation>
        </message>
        <message>
            <source>Cancelled: {what}</source>
            <translation>Avbrutet: {what}</translation>
        </message>
        <message>
            <source>vfeedback</source>
            <translation>vfeedback</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}): {message}</source>
            <translation>Något gick fel ({kind}): {message}</translation>
        </message>
    </context>
    <context>
        <name>PlanBuilder</name>
        <message>
            <source>&amp;Add to plan ↓</source>
            <translation>&amp;Lägg till i planen ↓</translation>
        </message>
        <message>
            <source>Pre&amp;view</source>
            <translation>För&amp;handsvisa</translation>
        </message>
        <message>
            <source>Remo&amp;ve</source>
            <translation>&amp;Ta bort</translation>
        </message>
        <message>
            <source>&amp;Propose plan</source>
            <translation>&amp;Föreslå plan</translation>
        </message>
        <message>
            <source>Replace the plan with one made from the coded moments with a caption: strengths first, the visit's theme first</source>
            <translation>Ersätt planen med en som görs av de kodade stunderna med bildtext: styrkor först, besökets tema först</translation>
        </message>
        <message>
            <source>E&amp;xport for the visit</source>
            <translation>E&amp;xportera för besöket</translation>
        </message>
        <message>
            <source>Write the reel and the script into this visit's folder</source>
            <translation>Skriv filmen och manuset till det här besökets mapp</translation>
        </message>
        <message>
            <source>Export &amp;to…</source>
            <translation>Exportera &amp;till…</translation>
        </message>
        <message>
            <source>Shown</source>
            <translation>Visas</translation>
        </message>
        <message>
            <source>Blurred, except the parent's and the child's</source>
            <translation>Suddade, utom förälderns och barnets</translation>
        </message>
        <message>
            <source>All blurred</source>
            <translation>Alla suddade</translation>
        </message>
        <message>
            <source>Blurring the parent's and the child's faces apart needs the recording's analysis</source>
            <translation>För att sudda andra ansikten än förälderns och barnets behövs inspelningens analys</translation>
        </message>
        <message>
            <source>Hide the case code</source>
            <translation>Dölj ärendekoden</translation>
        </message>
        <message>
            <source>&amp;Open folder</source>
            <translation>&amp;Öppna mappen</translation>
        </message>
        <message>
            <source>Your note for this clip (not shown to the parent)</source>
            <translation>Din anteckning om klippet (visas inte för föräldern)</translation>
        </message>
        <message>
            <source>normal</source>
            <translation>normal</translation>
        </message>
        <message>
            <source>{x}× (slow motion)</source>
            <translation>{x}× (ultrarapid)</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>none</source>
            <translation>ingen</translation>
        </message>
        <message>
            <source>Hold the frame of the moment this long</source>
            <translation>Håll stundens bildruta så här länge</translation>
        </message>
        <message>
            <source>Coded &amp;moments (strengths first):</source>
            <translation>Kodade &amp;stunder (styrkor först):</translation>
        </message>
        <message>
            <source>&amp;Clips in showing order (drag to reorder, F2 edits the caption):</source>
            <translation>&amp;Klipp i visningsordning (dra för att ändra ordning, F2 redigerar bildtexten):</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Anteckning:</translation>
        </message>
        <message>
            <source>&amp;Speed:</source>
            <translation>&amp;Hastighet:</translation>
        </message>
        <message>
            <source>&amp;Freeze-frame:</source>
            <translation>&amp;Stillbild:</translation>
        </message>
        <message>
            <source>Faces in the reel:</source>
            <translation>Ansikten i filmen:</translation>
        </message>
        <message>
            <source>Choose a visit to plan its feedback</source>
            <translation>Välj ett besök för att planera dess återkoppling</translation>
        </message>
        <message>
            <source>{title} · {n} clips · {t}</source>
            <translation>{title} · {n} klipp · {t}</translation>
        </message>
        <message>
            <source>Feedback plan</source>
            <translation>Återkopplingsplan</translation>
        </message>
        <message>
            <source>strength</source>
            <translation>styrka</translation>
        </message>
        <message>
            <source>to work on</source>
            <translation>att arbeta med</translation>
        </message>
        <message>
            <source>Already in the plan</source>
            <translation>Finns redan i planen</translation>
        </message>
        <message>
            <source>Clip {n}</source>
            <translation>Klipp {n}</translation>
        </message>
        <message>
            <source>Clip {n}: {a}–{b}</source>
            <translation>Klipp {n}: {a}–{b}</translation>
        </message>
        <message>
            <source>Clip settings</source>
            <translation>Klippinställningar</translation>
        </message>
        <message>
            <source>Add to the plan</source>
            <translation>Lägg till i planen</translation>
        </message>
        <message>
            <source>Reorder the plan</source>
            <translation>Ändra planens ordning</translation>
        </message>
        <message>
            <source>Remove the clip</source>
            <translation>Ta bort klippet</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>Bildtext</translation>
        </message>
        <message>
            <source>Propose a plan</source>
            <translation>Föreslå en plan</translation>
        </message>
        <message>
            <source>Replace the {n} clips of this plan with a proposal?</source>
            <translation>Ersätta planens {n} klipp med ett förslag?</translation>
        </message>
        <message>
            <source>Export the reel and script to</source>
            <translation>Exportera filmen och manuset till</translation>
        </message>
        <message>
            <source>Exporting the reel and script</source>
            <translation>Exporterar filmen och manuset</translation>
        </message>
        <message>
            <source>(no caption: F2 to write one)</source>
            <translation>(ingen textremsa: F2 för att skriva en)</translation>
        </message>
        <message>
            <source>⚠ Clips {a} and {b} overlap by {s} s: the parent sees those seconds twice.</source>
            <translation>⚠ Klipp {a} och {b} överlappar med {s} s: föräldern ser de sekunderna två gånger.</translation>
        </message>
        <message>
            <source>Wrote {files}</source>
            <translation>Skrev {files}</translation>
        </message>
        <message>
            <source>Exported the reel and the script to {folder}</source>
            <translation>Filmen och manuset exporterades till {folder}</translation>
        </message>
    </context>
    <context>
        <name>Player</name>
        <message>
            <source>Playback speed (the pitch is kept)</source>
            <translation>Uppspelningshastighet (tonhöjden behålls)</translation>
        </message>
        <message>
            <source>Choose a recording on the left, or import video (Ctrl+O)</source>
            <translation>Välj en inspelning till vänster, eller importera video (Ctrl+O)</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pausa</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Spela</translation>
        </message>
        <message>
            <source>no recording</source>
            <translation>ingen inspelning</translation>
        </message>
        <message>
            <source>frame {n} / {total}</source>
            <translation>bildruta {n} / {total}</translation>
        </message>
    </context>
    <context>
        <name>Presentation</name>
        <message>
            <source>Presentation</source>
            <translation>Visning</translation>
        </message>
        <message>
            <source>Press Space to begin</source>
            <translation>Tryck på mellanslag för att börja</translation>
        </message>
        <message>
            <source>That's all — thank you for watching together</source>
            <translation>Det var allt – tack för att ni tittade tillsammans</translation>
        </message>
        <message>
            <source>Esc to leave, Left to see clip {n} again</source>
            <translation>Esc för att lämna, Vänster för att se klipp {n} igen</translation>
        </message>
        <message>
            <source>Next: the end</source>
            <translation>Nästa: slutet</translation>
        </message>
        <message>
            <source>Next: clip {n} of {total}</source>
            <translation>Nästa: klipp {n} av {total}</translation>
        </message>
        <message>
            <source>That was clip {n} of {total}</source>
            <translation>Det var klipp {n} av {total}</translation>
        </message>
        <message>
            <source>Space: go on · Left: clip {n} again · Esc: leave</source>
            <translation>Blanksteg: fortsätt · Vänster: klipp {n} igen · Esc: lämna</translation>
        </message>
    </context>
    <context>
        <name>ReviewView</name>
        <message>
            <source>Review of recording {id}</source>
            <translation>Granskning av inspelning {id}</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Kod</translation>
        </message>
        <message>
            <source>Kappa</source>
            <translation>Kappa</translation>
        </message>
        <message>
            <source>F1</source>
            <translation>F1</translation>
        </message>
        <message>
            <source>A / B</source>
            <translation>A / B</translation>
        </message>
        <message>
            <source>Comment at the current disagreement…</source>
            <translation>Kommentar till den aktuella oenigheten…</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Kommentera</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Svara</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Löst</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Godkänn</translation>
        </message>
        <message>
            <source>Coder</source>
            <translation>Kodare</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Referens</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>Kommentarer</translation>
        </message>
        <message>
            <source>Disagreements</source>
            <translation>Oenigheter</translation>
        </message>
        <message>
            <source>Overall kappa {k}; the same codes in {p:.0f} % of the slices</source>
            <translation>Total kappa {k}; samma koder i {p:.0f} % av tidssegmenten</translation>
        </message>
        <message>
            <source> (annotation deleted)</source>
            <translation> (markeringen raderad)</translation>
        </message>
        <message>
            <source> [resolved]</source>
            <translation> [löst]</translation>
        </message>
        <message>
            <source>Saving the comment</source>
            <translation>Sparar kommentaren</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>Sparar</translation>
        </message>
        <message>
            <source>Approving</source>
            <translation>Godkänner</translation>
        </message>
    </context>
    <context>
        <name>SchemeEditor</name>
        <message>
            <source>Coding schemes</source>
            <translation>Kodscheman</translation>
        </message>
        <message>
            <source>&amp;New scheme…</source>
            <translation>&amp;Nytt schema…</translation>
        </message>
        <message>
            <source>Cop&amp;y…</source>
            <translation>Kop&amp;iera…</translation>
        </message>
        <message>
            <source>A copy of this scheme to change (built-in schemes are copied, not changed)</source>
            <translation>En kopia av det här schemat att ändra i (inbyggda scheman kopieras, de ändras inte)</translation>
        </message>
        <message>
            <source>A built-in scheme: copy it to change it.</source>
            <translation>Ett inbyggt schema: kopiera det för att ändra det.</translation>
        </message>
        <message>
            <source>&amp;Add code</source>
            <translation>&amp;Lägg till kod</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>Flytta &amp;upp</translation>
        </message>
        <message>
            <source>Move do&amp;wn</source>
            <translation>Flytta ne&amp;d</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>Ta &amp;bort</translation>
        </message>
        <message>
            <source>Only a code no moment uses can be removed</source>
            <translation>Bara en kod som ingen markering använder kan tas bort</translation>
        </message>
        <message>
            <source>One letter or digit; Shift+key codes with a caption. Empty: the code is chosen with Enter</source>
            <translation>En bokstav eller siffra; Skift+tangent kodar med en textremsa. Tomt: koden väljs med Enter</translation>
        </message>
        <message>
            <source>• point (one moment)</source>
            <translation>• punkt (ett ögonblick)</translation>
        </message>
        <message>
            <source>⟷ interval (start and end)</source>
            <translation>⟷ intervall (start och slut)</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>&amp;Välj…</translation>
        </message>
        <message>
            <source>&amp;Schemes:</source>
            <translation>&amp;Scheman:</translation>
        </message>
        <message>
            <source>&amp;Codes (in the coding panel's order):</source>
            <translation>&amp;Koder (i kodpanelens ordning):</translation>
        </message>
        <message>
            <source>Na&amp;me:</source>
            <translation>Na&amp;mn:</translation>
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation>&amp;Tangent:</translation>
        </message>
        <message>
            <source>K&amp;ind:</source>
            <translation>T&amp;yp:</translation>
        </message>
        <message>
            <source>&amp;Group:</source>
            <translation>&amp;Grupp:</translation>
        </message>
        <message>
            <source>C&amp;olour:</source>
            <translation>&amp;Färg:</translation>
        </message>
        <message>
            <source>[built-in] </source>
            <translation>[inbyggt] </translation>
        </message>
        <message>
            <source>{n} moments coded</source>
            <translation>{n} markeringar kodade</translation>
        </message>
        <message>
            <source>Colour of {code}</source>
            <translation>Färg för {code}</translation>
        </message>
        <message>
            <source>New coding scheme</source>
            <translation>Nytt kodschema</translation>
        </message>
        <message>
            <source>Title of the new scheme:</source>
            <translation>Namn på det nya schemat:</translation>
        </message>
        <message>
            <source>Copy the coding scheme</source>
            <translation>Kopiera kodschemat</translation>
        </message>
        <message>
            <source>Title of the copy:</source>
            <translation>Namn på kopian:</translation>
        </message>
        <message>
            <source>{title} (own copy)</source>
            <translation>{title} (egen kopia)</translation>
        </message>
        <message>
            <source>New code</source>
            <translation>Ny kod</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Accept suggestion</source>
            <translation>Godta förslag</translation>
        </message>
        <message>
            <source>Dismiss suggestion</source>
            <translation>Avfärda förslag</translation>
        </message>
    </context>
    <context>
        <name>TimelineCanvas</name>
        <message>
            <source>Cues</source>
            <translation>Signaler</translation>
        </message>
        <message>
            <source>Sound</source>
            <translation>Ljud</translation>
        </message>
        <message>
            <source>Adult voice</source>
            <translation>Vuxens röst</translation>
        </message>
        <message>
            <source>Child voice</source>
            <translation>Barnets röst</translation>
        </message>
        <message>
            <source>Voice (not told)</source>
            <translation>Röst (okänd vems)</translation>
        </message>
        <message>
            <source>f{n}</source>
            <translation>b{n}</translation>
        </message>
    </context>
    <context>
        <name>VideoOverlay</name>
        <message>
            <source>This recording has not been analysed yet: Analyse this recording first</source>
            <translation>Den här inspelningen har inte analyserats ännu: välj Analysera den här inspelningen först</translation>
        </message>
        <message>
            <source>Loading the analysis</source>
            <translation>Läser in analysen</translation>
        </message>
        <message>
            <source>Open a recording to analyse it</source>
            <translation>Öppna en inspelning för att analysera den</translation>
        </message>
        <message>
            <source>Analysing {name}</source>
            <translation>Analyserar {name}</translation>
        </message>
    </context>
    <context>
        <name>_LockDialog</name>
        <message>
            <source>vfeedback — locked</source>
            <translation>vfeedback — låst</translation>
        </message>
    </context>
    <context>
        <name>browser</name>
        <message>
            <source>&amp;Consent…</source>
            <translation>&amp;Samtycke…</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Samtycke</translation>
        </message>
    </context>
    <context>
        <name>parent</name>
        <message>
            <source>Choose a visit to present</source>
            <translation>Välj ett besök att visa</translation>
        </message>
        <message>
            <source>Presentation</source>
            <translation>Visning</translation>
        </message>
        <message>
            <source>This visit's feedback plan has no clips yet: add moments in the Feedback plan panel</source>
            <translation>Det här besökets återkopplingsplan har inga klipp ännu: lägg till stunder i panelen Återkopplingsplan</translation>
        </message>
    </context>
    <context>
        <name>self.builder</name>
        <message>
            <source>What the child would say…</source>
            <translation>Vad barnet skulle säga…</translation>
        </message>
    </context>
    <context>
        <name>widget</name>
        <message>
            <source>administrator</source>
            <translation>administratör</translation>
        </message>
        <message>
            <source>supervisor</source>
            <translation>handledare</translation>
        </message>
        <message>
            <source>clinician</source>
            <translation>kliniker</translation>
        </message>
        <message>
            <source>trainee</source>
            <translation>utbildningskandidat</translation>
        </message>
    </context>
    <context>
        <name>window</name>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Språk</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>Systemets språk</translation>
        </message>
        <message>
            <source>Language saved: new windows use it now, the whole app from the next start</source>
            <translation>Språket sparat: nya fönster använder det nu, hela appen från nästa start</translation>
        </message>
        <message>
            <source>Family &amp;language…</source>
            <translation>Familjens &amp;språk…</translation>
        </message>
        <message>
            <source>Family language</source>
            <translation>Familjens språk</translation>
        </message>
        <message>
            <source>Select a case first</source>
            <translation>Välj ett ärende först</translation>
        </message>
        <message>
            <source>The app's language</source>
            <translation>Appens språk</translation>
        </message>
        <message>
            <source>The reel's cards, the presentation and the script for this family use:</source>
            <translation>Filmens titelskyltar, visningen och manuset för den här familjen använder:</translation>
        </message>
        <message>
            <source>&amp;Audit log…</source>
            <translation>&amp;Granskningslogg…</translation>
        </message>
        <message>
            <source>Open a recording to review its coding</source>
            <translation>Öppna en inspelning för att granska dess kodning</translation>
        </message>
        <message>
            <source>A&amp;ccounts…</source>
            <translation>K&amp;onton…</translation>
        </message>
    </context>
    <context>
        <name>actions</name>
        <message>
            <source>&amp;New case…</source>
            <translation>&amp;Nytt ärende…</translation>
        </message>
        <message>
            <source>&amp;Import video…</source>
            <translation>&amp;Importera video…</translation>
        </message>
        <message>
            <source>Import &amp;annotations…</source>
            <translation>Importera &amp;annoteringar…</translation>
        </message>
        <message>
            <source>Add the events of an ELAN, BORIS, CSV or subtitle file to this recording</source>
            <translation>Lägg till händelserna från en ELAN-, BORIS-, CSV- eller undertextfil i den här inspelningen</translation>
        </message>
        <message>
            <source>Import annotations with &amp;new codes…</source>
            <translation>Importera annoteringar med &amp;nya koder…</translation>
        </message>
        <message>
            <source>As Import, making codes for tiers and behaviours this app does not know yet</source>
            <translation>Som Importera, men skapar koder för nivåer och beteenden som appen inte känner till än</translation>
        </message>
        <message>
            <source>E&amp;xport annotations…</source>
            <translation>E&amp;xportera annoteringar…</translation>
        </message>
        <message>
            <source>Write this recording's events as ELAN, BORIS, CSV or subtitles</source>
            <translation>Skriv den här inspelningens händelser som ELAN, BORIS, CSV eller undertexter</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Avsluta</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Ångra</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Gör om</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Ta bort</translation>
        </message>
        <message>
            <source>Delete the selected moment (in the plan: remove the clip)</source>
            <translation>Ta bort den valda stunden (i planen: ta bort klippet)</translation>
        </message>
        <message>
            <source>&amp;Rename case…</source>
            <translation>&amp;Byt namn på ärende…</translation>
        </message>
        <message>
            <source>New &amp;visit</source>
            <translation>Nytt &amp;besök</translation>
        </message>
        <message>
            <source>Visit &amp;theme…</source>
            <translation>Besökets &amp;tema…</translation>
        </message>
        <message>
            <source>Focus &amp;cases</source>
            <translation>Fokus på &amp;ärenden</translation>
        </message>
        <message>
            <source>Focus &amp;player</source>
            <translation>Fokus på &amp;spelaren</translation>
        </message>
        <message>
            <source>Focus &amp;timeline</source>
            <translation>Fokus på &amp;tidslinjen</translation>
        </message>
        <message>
            <source>Focus c&amp;oding</source>
            <translation>Fokus på k&amp;odning</translation>
        </message>
        <message>
            <source>Focus &amp;events</source>
            <translation>Fokus på &amp;händelser</translation>
        </message>
        <message>
            <source>Focus &amp;inspector</source>
            <translation>Fokus på &amp;egenskaper</translation>
        </message>
        <message>
            <source>Focus feedback &amp;plan</source>
            <translation>Fokus på återkopplings&amp;planen</translation>
        </message>
        <message>
            <source>&amp;Present the plan (full screen)</source>
            <translation>&amp;Visa planen (helskärm)</translation>
        </message>
        <message>
            <source>&amp;Propose plan</source>
            <translation>&amp;Föreslå plan</translation>
        </message>
        <message>
            <source>A first plan from the coded moments with a caption: strengths first</source>
            <translation>En första plan av de kodade stunderna med bildtext: styrkor först</translation>
        </message>
        <message>
            <source>E&amp;xport for the visit</source>
            <translation>E&amp;xportera för besöket</translation>
        </message>
        <message>
            <source>Write the reel and the script into the visit's folder</source>
            <translation>Skriv filmen och manuset till besökets mapp</translation>
        </message>
        <message>
            <source>Export &amp;to…</source>
            <translation>Exportera &amp;till…</translation>
        </message>
        <message>
            <source>Show analysis &amp;overlay</source>
            <translation>Visa analys&amp;överlägg</translation>
        </message>
        <message>
            <source>Skeletons, face boxes and gaze rays from the analysis, over the video</source>
            <translation>Skelett, ansiktsrutor och blickriktning från analysen, ovanpå videon</translation>
        </message>
        <message>
            <source>&amp;Analyse this recording…</source>
            <translation>&amp;Analysera den här inspelningen…</translation>
        </message>
        <message>
            <source>Find the people, their poses and gaze (runs in the background; can be cancelled)</source>
            <translation>Hitta personerna, deras kroppshållning och blick (körs i bakgrunden; kan avbrytas)</translation>
        </message>
        <message>
            <source>&amp;Keyboard</source>
            <translation>&amp;Tangentbord</translation>
        </message>
        <message>
            <source>&amp;Review coding…</source>
            <translation>Granska k&amp;odning…</translation>
        </message>
        <message>
            <source>A trainee's and a reference coding side by side, with their agreement</source>
            <translation>En utbildningskandidats kodning och en referenskodning sida vid sida, med deras överensstämmelse</translation>
        </message>
        <message>
            <source>Next disagreement</source>
            <translation>Nästa oenighet</translation>
        </message>
        <message>
            <source>Previous disagreement</source>
            <translation>Föregående oenighet</translation>
        </message>
        <message>
            <source>Play/Pause</source>
            <translation>Spela/Pausa</translation>
        </message>
        <message>
            <source>Play / faster</source>
            <translation>Spela / snabbare</translation>
        </message>
        <message>
            <source>Slower / back</source>
            <translation>Långsammare / bakåt</translation>
        </message>
        <message>
            <source>◀| Frame back</source>
            <translation>◀| En bildruta bakåt</translation>
        </message>
        <message>
            <source>|▶ Frame forward</source>
            <translation>|▶ En bildruta framåt</translation>
        </message>
        <message>
            <source>−1 s</source>
            <translation>−1 s</translation>
        </message>
        <message>
            <source>+1 s</source>
            <translation>+1 s</translation>
        </message>
        <message>
            <source>−5 s</source>
            <translation>−5 s</translation>
        </message>
        <message>
            <source>+5 s</source>
            <translation>+5 s</translation>
        </message>
        <message>
            <source>Go to start</source>
            <translation>Gå till början</translation>
        </message>
        <message>
            <source>Go to end</source>
            <translation>Gå till slutet</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Zooma in</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Zooma ut</translation>
        </message>
        <message>
            <source>Whole recording</source>
            <translation>Hela inspelningen</translation>
        </message>
        <message>
            <source>Zoom to frames</source>
            <translation>Zooma till bildrutor</translation>
        </message>
        <message>
            <source>No valence</source>
            <translation>Ingen valens</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>Styrka</translation>
        </message>
        <message>
            <source>To work on</source>
            <translation>Att arbeta med</translation>
        </message>
        <message>
            <source>Cancel the interval</source>
            <translation>Avbryt intervallet</translation>
        </message>
        <message>
            <source>Strength / to work on (next moment)</source>
            <translation>Styrka / att arbeta med (nästa stund)</translation>
        </message>
        <message>
            <source>Code the next moment as to work on (or back to strength)</source>
            <translation>Koda nästa stund som att arbeta med (eller tillbaka till styrka)</translation>
        </message>
        <message>
            <source>Go to the event</source>
            <translation>Gå till händelsen</translation>
        </message>
        <message>
            <source>Delete the event</source>
            <translation>Ta bort händelsen</translation>
        </message>
        <message>
            <source>Add to the plan</source>
            <translation>Lägg till i planen</translation>
        </message>
        <message>
            <source>Preview the clip</source>
            <translation>Förhandsgranska klippet</translation>
        </message>
        <message>
            <source>Remove the clip</source>
            <translation>Ta bort klippet</translation>
        </message>
        <message>
            <source>Move the clip earlier</source>
            <translation>Flytta klippet tidigare</translation>
        </message>
        <message>
            <source>Move the clip later</source>
            <translation>Flytta klippet senare</translation>
        </message>
        <message>
            <source>Mark a moment</source>
            <translation>Markera en stund</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Nästa</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Tillbaka</translation>
        </message>
        <message>
            <source>Again</source>
            <translation>Igen</translation>
        </message>
        <message>
            <source>Leave</source>
            <translation>Avsluta</translation>
        </message>
    </context>
</TS>
