<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
    <context>
        <name />
        <message>
            <source>Coding</source>
            <translation>Koding</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>Egenskaper</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Hendelser</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Vis</translation>
        </message>
        <message>
            <source>Feedback plan</source>
            <translation>Tilbakemeldingsplan</translation>
        </message>
        <message>
            <source>Present the plan</source>
            <translation>Vis planen</translation>
        </message>
        <message>
            <source>Analysis overlay</source>
            <translation>Analyseoverlegg</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fil</translation>
        </message>
    </context>
    <context>
        <name>AccountForm</name>
        <message>
            <source>User</source>
            <translation>Bruker</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Rolle</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>Nytt passord</translation>
        </message>
        <message>
            <source>Repeat it</source>
            <translation>Gjenta det</translation>
        </message>
        <message>
            <source>Give a user name</source>
            <translation>Oppgi et brukernavn</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>Passordene er ulike</translation>
        </message>
    </context>
    <context>
        <name>AccountsDialog</name>
        <message>
            <source>Accounts</source>
            <translation>Kontoer</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Bruker</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Rolle</translation>
        </message>
        <message>
            <source>Last login (UTC)</source>
            <translation>Siste innlogging (UTC)</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>&amp;Legg til…</translation>
        </message>
        <message>
            <source>New &amp;password…</source>
            <translation>Nytt &amp;passord…</translation>
        </message>
        <message>
            <source>The selected user's role (from their next login)</source>
            <translation>Den valgte brukerens rolle (fra neste innlogging)</translation>
        </message>
        <message>
            <source>&amp;Disable</source>
            <translation>&amp;Deaktiver</translation>
        </message>
        <message>
            <source>&amp;Enable…</source>
            <translation>&amp;Aktiver…</translation>
        </message>
        <message>
            <source>&amp;Role:</source>
            <translation>&amp;Rolle:</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>deaktivert</translation>
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
            <translation>{name} er lagt til</translation>
        </message>
        <message>
            <source>{name} can no longer log in</source>
            <translation>{name} kan ikke lenger logge inn</translation>
        </message>
        <message>
            <source>{name} can log in again with the new password</source>
            <translation>{name} kan logge inn igjen med det nye passordet</translation>
        </message>
        <message>
            <source>New password set for {name}</source>
            <translation>Nytt passord satt for {name}</translation>
        </message>
        <message>
            <source>{name} is now {role} (from their next login)</source>
            <translation>{name} er nå {role} (fra neste innlogging)</translation>
        </message>
        <message>
            <source>Add an account</source>
            <translation>Legg til en konto</translation>
        </message>
        <message>
            <source>Enable {name}</source>
            <translation>Aktiver {name}</translation>
        </message>
        <message>
            <source>New password for {name}</source>
            <translation>Nytt passord for {name}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationFiles</name>
        <message>
            <source>Open a recording first</source>
            <translation>Åpne et opptak først</translation>
        </message>
        <message>
            <source>Import annotations</source>
            <translation>Importer annoteringer</translation>
        </message>
        <message>
            <source>Imported {n} events from {name}</source>
            <translation>Importerte {n} hendelser fra {name}</translation>
        </message>
        <message>
            <source> ({k} skipped)</source>
            <translation> ({k} hoppet over)</translation>
        </message>
        <message>
            <source>Export annotations</source>
            <translation>Eksporter annoteringer</translation>
        </message>
        <message>
            <source>Wrote {n} events to {name}</source>
            <translation>Skrev {n} hendelser til {name}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationSession</name>
        <message>
            <source>Open a recording first</source>
            <translation>Åpne et opptak først</translation>
        </message>
        <message>
            <source>Not yet on the server: “{what}” is kept and will be sent when the server is back</source>
            <translation>Ikke på serveren ennå: «{what}» tas vare på og sendes når serveren er tilbake</translation>
        </message>
        <message>
            <source>Add event</source>
            <translation>Legg til hendelse</translation>
        </message>
        <message>
            <source>Change event</source>
            <translation>Endre hendelse</translation>
        </message>
        <message>
            <source>Move event</source>
            <translation>Flytt hendelse</translation>
        </message>
        <message>
            <source>Delete event</source>
            <translation>Slett hendelse</translation>
        </message>
        <message>
            <source>Import annotations</source>
            <translation>Importer annoteringer</translation>
        </message>
        <message>
            <source>Suggested moment</source>
            <translation>Foreslått øyeblikk</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Angre</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>Gjør om</translation>
        </message>
    </context>
    <context>
        <name>AuditDialog</name>
        <message>
            <source>Audit log</source>
            <translation>Revisjonslogg</translation>
        </message>
        <message>
            <source>Filter: action, user or object…</source>
            <translation>Filter: handling, bruker eller objekt…</translation>
        </message>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>When (UTC)</source>
            <translation>Når (UTC)</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Bruker</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Handling</translation>
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
            <translation>&amp;Kontroller kjeden</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>&amp;Eksporter…</translation>
        </message>
        <message>
            <source>&amp;Reload</source>
            <translation>&amp;Last inn på nytt</translation>
        </message>
        <message>
            <source>The audit log is intact: {n} rows</source>
            <translation>Revisjonsloggen er intakt: {n} rader</translation>
        </message>
        <message>
            <source>row {id} (#{seq})</source>
            <translation>rad {id} (#{seq})</translation>
        </message>
        <message>
            <source>the end of the log</source>
            <translation>slutten av loggen</translation>
        </message>
        <message>
            <source>Tampered with at {where}: {why}</source>
            <translation>Manipulert ved {where}: {why}</translation>
        </message>
        <message>
            <source>Export the audit log</source>
            <translation>Eksporter revisjonsloggen</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Wrote {n} rows to {path}</source>
            <translation>Skrev {n} rader til {path}</translation>
        </message>
    </context>
    <context>
        <name>CaptureView</name>
        <message>
            <source>or a phone camera address: rtsp://… http://…</source>
            <translation>eller adressen til et mobilkamera: rtsp://… http://…</translation>
        </message>
        <message>
            <source>No preview</source>
            <translation>Ingen forhåndsvisning</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Ta opp</translation>
        </message>
        <message>
            <source>Mark moment (M)</source>
            <translation>Marker øyeblikk (M)</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Kilde</translation>
        </message>
        <message>
            <source>Picture</source>
            <translation>Bilde</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>Besøk</translation>
        </message>
        <message>
            <source>As the source offers</source>
            <translation>Slik kilden tilbyr</translation>
        </message>
        <message>
            <source>Loading the visits</source>
            <translation>Laster inn besøkene</translation>
        </message>
        <message>
            <source>(no visit yet)</source>
            <translation>(ikke noe besøk ennå)</translation>
        </message>
        <message>
            <source>{case}, visit {n}</source>
            <translation>{case}, besøk {n}</translation>
        </message>
        <message>
            <source>Cannot record</source>
            <translation>Kan ikke ta opp</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stopp</translation>
        </message>
        <message>
            <source>Recording… press M to mark a moment.</source>
            <translation>Tar opp… trykk M for å markere et øyeblikk.</translation>
        </message>
        <message>
            <source>Marked {t}</source>
            <translation>Markerte {t}</translation>
        </message>
        <message>
            <source>Storing…</source>
            <translation>Lagrer…</translation>
        </message>
        <message>
            <source>Storing the recording</source>
            <translation>Lagrer opptaket</translation>
        </message>
        <message>
            <source>Stored as recording {id}</source>
            <translation>Lagret som opptak {id}</translation>
        </message>
        <message>
            <source>{gb} GB free</source>
            <translation>{gb} GB ledig</translation>
        </message>
        <message>
            <source>{n} dropped frames</source>
            <translation>{n} tapte bilder</translation>
        </message>
        <message>
            <source>{n} markers</source>
            <translation>{n} markeringer</translation>
        </message>
    </context>
    <context>
        <name>CaseBrowser</name>
        <message>
            <source>Case / visit</source>
            <translation>Sak / besøk</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Tema</translation>
        </message>
        <message>
            <source>New case…</source>
            <translation>Ny sak…</translation>
        </message>
        <message>
            <source>Create a case (Ctrl+Shift+N)</source>
            <translation>Opprett en sak (Ctrl+Shift+N)</translation>
        </message>
        <message>
            <source>New visit</source>
            <translation>Nytt besøk</translation>
        </message>
        <message>
            <source>Add a visit to the selected case</source>
            <translation>Legg til et besøk i den valgte saken</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Importer…</translation>
        </message>
        <message>
            <source>Import video into the visit</source>
            <translation>Importer video til besøket</translation>
        </message>
        <message>
            <source>Recordings of the visit (drop video here)</source>
            <translation>Opptakene fra besøket (slipp video her)</translation>
        </message>
        <message>
            <source>Recent</source>
            <translation>Nylige</translation>
        </message>
        <message>
            <source>Visit {n} ({k} rec.)</source>
            <translation>Besøk {n} ({k} oppt.)</translation>
        </message>
        <message>
            <source>New case</source>
            <translation>Ny sak</translation>
        </message>
        <message>
            <source>Case code (a pseudonym, not a name):</source>
            <translation>Sakskode (et pseudonym, ikke et navn):</translation>
        </message>
        <message>
            <source>Rename case</source>
            <translation>Gi saken nytt navn</translation>
        </message>
        <message>
            <source>New case code:</source>
            <translation>Ny sakskode:</translation>
        </message>
        <message>
            <source>Select a case first</source>
            <translation>Velg en sak først</translation>
        </message>
        <message>
            <source>Visit theme</source>
            <translation>Besøkets tema</translation>
        </message>
        <message>
            <source>Theme of visit {n}:</source>
            <translation>Tema for besøk {n}:</translation>
        </message>
        <message>
            <source>Select a visit first</source>
            <translation>Velg et besøk først</translation>
        </message>
        <message>
            <source>Import video</source>
            <translation>Importer video</translation>
        </message>
        <message>
            <source>Select a visit to import into</source>
            <translation>Velg et besøk å importere til</translation>
        </message>
        <message>
            <source>Imported {n} recording(s)</source>
            <translation>Importerte {n} opptak</translation>
        </message>
        <message>
            <source>Importing video</source>
            <translation>Importerer video</translation>
        </message>
    </context>
    <context>
        <name>CodingPanel</name>
        <message>
            <source>The coding scheme whose codes are on the keys</source>
            <translation>Kodeskjemaet som har kodene på tastene</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Tast</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Kode</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>As the code says</source>
            <translation>Slik koden sier</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>Forelder</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Barn</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>Begge</translation>
        </message>
        <message>
            <source>Who new events are about</source>
            <translation>Hvem nye hendelser gjelder</translation>
        </message>
        <message>
            <source>Valence ({key}):</source>
            <translation>Valens ({key}):</translation>
        </message>
        <message>
            <source>Valence of new events ({key})</source>
            <translation>Valens for nye hendelser ({key})</translation>
        </message>
        <message>
            <source>&amp;Scheme:</source>
            <translation>&amp;Skjema:</translation>
        </message>
        <message>
            <source>S&amp;ubject:</source>
            <translation>S&amp;ubjekt:</translation>
        </message>
        <message>
            <source>Coding is not available: the annotation package is missing</source>
            <translation>Koding er ikke tilgjengelig: annoteringspakken mangler</translation>
        </message>
        <message>
            <source>Codes</source>
            <translation>Koder</translation>
        </message>
        <message>
            <source>{code}, with a caption</source>
            <translation>{code}, med bildetekst</translation>
        </message>
        <message>
            <source>This key belongs to the player; press Enter on the code instead</source>
            <translation>Denne tasten hører til avspilleren; trykk Enter på koden i stedet</translation>
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
            <translation>vurdering</translation>
        </message>
        <message>
            <source>Interval: press {key} to start, {key} again to end (Esc cancels)</source>
            <translation>Intervall: trykk {key} for å starte, {key} igjen for å avslutte (Esc avbryter)</translation>
        </message>
        <message>
            <source>Rating: press {key} and give a number</source>
            <translation>Vurdering: trykk {key} og oppgi et tall</translation>
        </message>
        <message>
            <source>Point: press {key} to mark the moment at the playhead</source>
            <translation>Punkt: trykk {key} for å markere øyeblikket ved avspillingsmarkøren</translation>
        </message>
        <message>
            <source>Next moment: to work on</source>
            <translation>Neste øyeblikk: å jobbe med</translation>
        </message>
        <message>
            <source>Next moment: strength</source>
            <translation>Neste øyeblikk: styrke</translation>
        </message>
        <message>
            <source>Open a recording to code it</source>
            <translation>Åpne et opptak for å kode det</translation>
        </message>
        <message>
            <source>Recording interval… {code} (press {key} again to end, Esc to cancel)</source>
            <translation>Intervall pågår… {code} (trykk {key} igjen for å avslutte, Esc for å avbryte)</translation>
        </message>
        <message>
            <source>Rating ({lo}–{hi}):</source>
            <translation>Skåring ({lo}–{hi}):</translation>
        </message>
        <message>
            <source>{code} {a}–{b}</source>
            <translation>{code} {a}–{b}</translation>
        </message>
        <message>
            <source>Coded: {what} (to work on); the next moment is a strength</source>
            <translation>Kodet: {what} (å jobbe med); neste øyeblikk er en styrke</translation>
        </message>
        <message>
            <source>Coded: {what}</source>
            <translation>Kodet: {what}</translation>
        </message>
        <message>
            <source>Interval cancelled</source>
            <translation>Intervallet ble avbrutt</translation>
        </message>
        <message>
            <source>Press a code's key to mark the moment at the playhead; interval codes start and end on their key.</source>
            <translation>Trykk på tasten til en kode for å markere øyeblikket ved avspillingsposisjonen; intervallkoder starter og slutter på sin tast.</translation>
        </message>
        <message>
            <source>● Recording interval… {code} from {t}. Press {key} again to end it, Esc to cancel.</source>
            <translation>● Tar opp intervall… {code} fra {t}. Trykk {key} igjen for å avslutte, Esc for å avbryte.</translation>
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
            <translation>Endret av noen andre</translation>
        </message>
        <message>
            <source>Deleted by someone else</source>
            <translation>Slettet av noen andre</translation>
        </message>
        <message>
            <source>Changed by {who} at {time}</source>
            <translation>Endret av {who} kl. {time}</translation>
        </message>
        <message>
            <source>someone else</source>
            <translation>noen andre</translation>
        </message>
        <message>
            <source>Reload shows their version; Keep mine saves yours over it.</source>
            <translation>Last inn på nytt viser deres versjon; Behold min lagrer din over den.</translation>
        </message>
        <message>
            <source>Reload shows how it is now.</source>
            <translation>Last inn på nytt viser hvordan det er nå.</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>Last inn på nytt</translation>
        </message>
        <message>
            <source>Keep mine</source>
            <translation>Behold min</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}): {message}</source>
            <translation>Noe gikk galt ({kind}): {message}</translation>
        </message>
    </context>
    <context>
        <name>ConsentDialog</name>
        <message>
            <source>Consent for case {code}</source>
            <translation>Samtykke for sak {code}</translation>
        </message>
        <message>
            <source>Filming</source>
            <translation>Filming</translation>
        </message>
        <message>
            <source>Use in feedback</source>
            <translation>Bruk i tilbakemelding</translation>
        </message>
        <message>
            <source>Use in supervision</source>
            <translation>Bruk i veiledning</translation>
        </message>
        <message>
            <source>Use in research and teaching</source>
            <translation>Bruk i forskning og undervisning</translation>
        </message>
        <message>
            <source>not recorded</source>
            <translation>ikke registrert</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>ja</translation>
        </message>
        <message>
            <source>no</source>
            <translation>nei</translation>
        </message>
        <message>
            <source>Delete the case after</source>
            <translation>Slett saken etter</translation>
        </message>
        <message>
            <source>Keep until</source>
            <translation>Oppbevares til</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Når</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Hva</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Verdi</translation>
        </message>
        <message>
            <source>Recorded by</source>
            <translation>Registrert av</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Historikk</translation>
        </message>
        <message>
            <source>recorded by {who} on {when}</source>
            <translation>registrert av {who} {when}</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Samtykke</translation>
        </message>
    </context>
    <context>
        <name>EventList</name>
        <message>
            <source>Filter events (code, subject, caption…)</source>
            <translation>Filtrer hendelser (kode, subjekt, bildetekst…)</translation>
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
            <translation>Kode</translation>
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
            <translation>Bildetekst</translation>
        </message>
        <message>
            <source>strength</source>
            <translation>styrke</translation>
        </message>
        <message>
            <source>to work on</source>
            <translation>å jobbe med</translation>
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
            <translation>Velg en hendelse for å redigere den</translation>
        </message>
        <message>
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>Forelder</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Barn</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>Begge</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>Styrke</translation>
        </message>
        <message>
            <source>To work on</source>
            <translation>Å jobbe med</translation>
        </message>
        <message>
            <source>What the child would say…</source>
            <translation>Det barnet ville sagt…</translation>
        </message>
        <message>
            <source>Your note (not shown to the parent)</source>
            <translation>Notatet ditt (vises ikke for forelderen)</translation>
        </message>
        <message>
            <source>comma-separated</source>
            <translation>kommaseparert</translation>
        </message>
        <message>
            <source>S&amp;tart:</source>
            <translation>S&amp;tart:</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>S&amp;lutt:</translation>
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
            <translation>Bilde&amp;tekst:</translation>
        </message>
        <message>
            <source>Co&amp;mment:</source>
            <translation>Ko&amp;mmentar:</translation>
        </message>
        <message>
            <source>Mo&amp;difiers:</source>
            <translation>Mo&amp;difikatorer:</translation>
        </message>
        <message>
            <source>Rat&amp;ing:</source>
            <translation>Skår&amp;ing:</translation>
        </message>
        <message>
            <source>Select one event to edit it</source>
            <translation>Velg én hendelse for å redigere den</translation>
        </message>
    </context>
    <context>
        <name>LiveRefresh</name>
        <message>
            <source>The list of edits waiting for the server was damaged; it was set aside as {path} and a new one started</source>
            <translation>Listen over endringer som venter på serveren var skadet; den ble lagt til side som {path}, og en ny ble startet</translation>
        </message>
        <message>
            <source>1 edit waiting — not yet on the server</source>
            <translation>1 endring venter — ikke på serveren ennå</translation>
        </message>
        <message>
            <source>{n} edits waiting — not yet on the server</source>
            <translation>{n} endringer venter — ikke på serveren ennå</translation>
        </message>
        <message>
            <source>Sent to the server: {n} edits that waited</source>
            <translation>Sendt til serveren: {n} endringer som ventet</translation>
        </message>
        <message>
            <source>Not sent: “{what}”: {why}</source>
            <translation>Ikke sendt: «{what}»: {why}</translation>
        </message>
        <message>
            <source>1 edit refused by the server</source>
            <translation>1 endring avvist av serveren</translation>
        </message>
        <message>
            <source>{n} edits refused by the server</source>
            <translation>{n} endringer avvist av serveren</translation>
        </message>
        <message>
            <source>Edits refused by the server</source>
            <translation>Endringer serveren avviste</translation>
        </message>
        <message>
            <source>The server refused these edits when they were sent. Redo them by hand if they are still wanted.</source>
            <translation>Serveren avviste disse endringene da de ble sendt. Gjør dem på nytt for hånd hvis de fortsatt trengs.</translation>
        </message>
        <message>
            <source>Recording {rid}: {what}: {why}</source>
            <translation>Opptak {rid}: {what}: {why}</translation>
        </message>
        <message>
            <source>Forget them</source>
            <translation>Glem dem</translation>
        </message>
    </context>
    <context>
        <name>LockPanel</name>
        <message>
            <source>Locked after a while without use. {name}, enter your password to go on; nothing was lost.</source>
            <translation>Låst etter en stund uten bruk. {name}, skriv inn passordet ditt for å fortsette; ingenting har gått tapt.</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>Lås opp</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Log in</source>
            <translation>Logg inn</translation>
        </message>
        <message>
            <source>This home is protected. Log in to open it.</source>
            <translation>Denne datamappen er beskyttet. Logg inn for å åpne den.</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Bruker</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Passord</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Avslutt</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Cases</source>
            <translation>Saker</translation>
        </message>
        <message>
            <source>Ready: choose a case and a recording, or import video</source>
            <translation>Klar: velg en sak og et opptak, eller importer video</translation>
        </message>
        <message>
            <source>Recovered {n} unfinished recording(s) and added them to their visits</source>
            <translation>Gjenopprettet {n} uferdige opptak og la dem til i besøkene sine</translation>
        </message>
        <message>
            <source>Recovering recordings</source>
            <translation>Gjenoppretter opptak</translation>
        </message>
        <message>
            <source>Capture</source>
            <translation>Opptak</translation>
        </message>
        <message>
            <source>P&amp;lan</source>
            <translation>P&amp;lan</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fil</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Rediger</translation>
        </message>
        <message>
            <source>Coding &amp;schemes…</source>
            <translation>Kode&amp;skjemaer…</translation>
        </message>
        <message>
            <source>&amp;Undo: {what}</source>
            <translation>&amp;Angre: {what}</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Angre</translation>
        </message>
        <message>
            <source>&amp;Redo: {what}</source>
            <translation>&amp;Gjør om: {what}</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Gjør om</translation>
        </message>
        <message>
            <source>Nothing to redo</source>
            <translation>Ingenting å gjøre om</translation>
        </message>
        <message>
            <source>Nothing to undo</source>
            <translation>Ingenting å angre</translation>
        </message>
        <message>
            <source>Redone: {what}</source>
            <translation>Gjort om: {what}</translation>
        </message>
        <message>
            <source>Undone: {what}</source>
            <translation>Angret: {what}</translation>
        </message>
        <message>
            <source>Select a moment to delete it</source>
            <translation>Velg et øyeblikk for å slette det</translation>
        </message>
        <message>
            <source>&amp;Case</source>
            <translation>&amp;Sak</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>&amp;Avspilling</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Vis</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hjelp</translation>
        </message>
        <message>
            <source>Keyboard</source>
            <translation>Tastatur</translation>
        </message>
        <message>
            <source>Open recording</source>
            <translation>Åpne opptak</translation>
        </message>
        <message>
            <source>Preparing smooth seeking for this recording…</source>
            <translation>Forbereder jevn spoling for dette opptaket…</translation>
        </message>
        <message>
            <source>Smooth seeking ready</source>
            <translation>Jevn spoling er klar</translation>
        </message>
        <message>
            <source>Preparing the recording</source>
            <translation>Forbereder opptaket</translation>
        </message>
        <message>
            <source>Accept suggestion</source>
            <translation>Godta forslag</translation>
        </message>
        <message>
            <source>There is no coding scheme with codes yet</source>
            <translation>Det finnes ikke noe kodeskjema med koder ennå</translation>
        </message>
        <message>
            <source>Code the moment as:</source>
            <translation>Kod øyeblikket som:</translation>
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
            <translation>Arbeider</translation>
        </message>
        <message>
            <source>Cancelled: {what}</source>
            <translation>Avbrutt: {what}</translation>
        </message>
        <message>
            <source>vfeedback</source>
            <translation>vfeedback</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}): {message}</source>
            <translation>Noe gikk galt ({kind}): {message}</translation>
        </message>
    </context>
    <context>
        <name>PlanBuilder</name>
        <message>
            <source>&amp;Add to plan ↓</source>
            <translation>&amp;Legg til i planen ↓</translation>
        </message>
        <message>
            <source>Pre&amp;view</source>
            <translation>For&amp;håndsvis</translation>
        </message>
        <message>
            <source>Remo&amp;ve</source>
            <translation>&amp;Fjern</translation>
        </message>
        <message>
            <source>&amp;Propose plan</source>
            <translation>&amp;Foreslå plan</translation>
        </message>
        <message>
            <source>Replace the plan with one made from the coded moments with a caption: strengths first, the visit's theme first</source>
            <translation>Erstatt planen med en laget av de kodede øyeblikkene med bildetekst: styrker først, besøkets tema først</translation>
        </message>
        <message>
            <source>E&amp;xport for the visit</source>
            <translation>E&amp;ksporter for besøket</translation>
        </message>
        <message>
            <source>Write the reel and the script into this visit's folder</source>
            <translation>Skriv filmen og manuset til mappen for dette besøket</translation>
        </message>
        <message>
            <source>Export &amp;to…</source>
            <translation>Eksporter &amp;til…</translation>
        </message>
        <message>
            <source>Shown</source>
            <translation>Vises</translation>
        </message>
        <message>
            <source>Blurred, except the parent's and the child's</source>
            <translation>Uskarpe, unntatt forelderens og barnets</translation>
        </message>
        <message>
            <source>All blurred</source>
            <translation>Alle uskarpe</translation>
        </message>
        <message>
            <source>Blurring the parent's and the child's faces apart needs the recording's analysis</source>
            <translation>For å skille forelderens og barnets ansikter fra de andre ved uskarphet trengs analysen av opptaket</translation>
        </message>
        <message>
            <source>Hide the case code</source>
            <translation>Skjul sakskoden</translation>
        </message>
        <message>
            <source>&amp;Open folder</source>
            <translation>&amp;Åpne mappen</translation>
        </message>
        <message>
            <source>Your note for this clip (not shown to the parent)</source>
            <translation>Ditt notat om klippet (vises ikke for forelderen)</translation>
        </message>
        <message>
            <source>normal</source>
            <translation>normal</translation>
        </message>
        <message>
            <source>{x}× (slow motion)</source>
            <translation>{x}× (sakte film)</translation>
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
            <translation>Hold øyeblikkets bilde så lenge</translation>
        </message>
        <message>
            <source>Coded &amp;moments (strengths first):</source>
            <translation>Kodede &amp;øyeblikk (styrker først):</translation>
        </message>
        <message>
            <source>&amp;Clips in showing order (drag to reorder, F2 edits the caption):</source>
            <translation>&amp;Klipp i visningsrekkefølge (dra for å endre rekkefølgen, F2 redigerer bildeteksten):</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Notat:</translation>
        </message>
        <message>
            <source>&amp;Speed:</source>
            <translation>&amp;Hastighet:</translation>
        </message>
        <message>
            <source>&amp;Freeze-frame:</source>
            <translation>&amp;Stillbilde:</translation>
        </message>
        <message>
            <source>Faces in the reel:</source>
            <translation>Ansikter i filmen:</translation>
        </message>
        <message>
            <source>Choose a visit to plan its feedback</source>
            <translation>Velg et besøk for å planlegge tilbakemeldingen</translation>
        </message>
        <message>
            <source>{title} · {n} clips · {t}</source>
            <translation>{title} · {n} klipp · {t}</translation>
        </message>
        <message>
            <source>Feedback plan</source>
            <translation>Tilbakemeldingsplan</translation>
        </message>
        <message>
            <source>strength</source>
            <translation>styrke</translation>
        </message>
        <message>
            <source>to work on</source>
            <translation>å jobbe med</translation>
        </message>
        <message>
            <source>Already in the plan</source>
            <translation>Allerede i planen</translation>
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
            <translation>Klippinnstillinger</translation>
        </message>
        <message>
            <source>Add to the plan</source>
            <translation>Legg til i planen</translation>
        </message>
        <message>
            <source>Reorder the plan</source>
            <translation>Endre rekkefølgen i planen</translation>
        </message>
        <message>
            <source>Remove the clip</source>
            <translation>Fjern klippet</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>Bildetekst</translation>
        </message>
        <message>
            <source>Propose a plan</source>
            <translation>Foreslå en plan</translation>
        </message>
        <message>
            <source>Replace the {n} clips of this plan with a proposal?</source>
            <translation>Erstatte de {n} klippene i denne planen med et forslag?</translation>
        </message>
        <message>
            <source>Export the reel and script to</source>
            <translation>Eksporter filmen og manuset til</translation>
        </message>
        <message>
            <source>Exporting the reel and script</source>
            <translation>Eksporterer filmen og manuset</translation>
        </message>
        <message>
            <source>(no caption: F2 to write one)</source>
            <translation>(ingen bildetekst: F2 for å skrive en)</translation>
        </message>
        <message>
            <source>⚠ Clips {a} and {b} overlap by {s} s: the parent sees those seconds twice.</source>
            <translation>⚠ Klipp {a} og {b} overlapper med {s} s: forelderen ser de sekundene to ganger.</translation>
        </message>
        <message>
            <source>Wrote {files}</source>
            <translation>Skrev {files}</translation>
        </message>
        <message>
            <source>Exported the reel and the script to {folder}</source>
            <translation>Filmen og manuset ble eksportert til {folder}</translation>
        </message>
    </context>
    <context>
        <name>Player</name>
        <message>
            <source>Playback speed (the pitch is kept)</source>
            <translation>Avspillingshastighet (tonehøyden beholdes)</translation>
        </message>
        <message>
            <source>Choose a recording on the left, or import video (Ctrl+O)</source>
            <translation>Velg et opptak til venstre, eller importer video (Ctrl+O)</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Spill av</translation>
        </message>
        <message>
            <source>no recording</source>
            <translation>ikke noe opptak</translation>
        </message>
        <message>
            <source>frame {n} / {total}</source>
            <translation>bilde {n} / {total}</translation>
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
            <translation>Trykk mellomrom for å begynne</translation>
        </message>
        <message>
            <source>That's all — thank you for watching together</source>
            <translation>Det var alt – takk for at dere så på sammen</translation>
        </message>
        <message>
            <source>Esc to leave, Left to see clip {n} again</source>
            <translation>Esc for å gå ut, Venstre for å se klipp {n} igjen</translation>
        </message>
        <message>
            <source>Next: the end</source>
            <translation>Neste: slutten</translation>
        </message>
        <message>
            <source>Next: clip {n} of {total}</source>
            <translation>Neste: klipp {n} av {total}</translation>
        </message>
        <message>
            <source>That was clip {n} of {total}</source>
            <translation>Det var klipp {n} av {total}</translation>
        </message>
        <message>
            <source>Space: go on · Left: clip {n} again · Esc: leave</source>
            <translation>Mellomrom: fortsett · Venstre: klipp {n} igjen · Esc: gå ut</translation>
        </message>
    </context>
    <context>
        <name>ReviewView</name>
        <message>
            <source>Review of recording {id}</source>
            <translation>Gjennomgang av opptak {id}</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Kode</translation>
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
            <translation>Kommentar til det gjeldende avviket…</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Kommenter</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Svar</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Løst</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Godkjenn</translation>
        </message>
        <message>
            <source>Coder</source>
            <translation>Koder</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Referanse</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>Kommentarer</translation>
        </message>
        <message>
            <source>Disagreements</source>
            <translation>Avvik</translation>
        </message>
        <message>
            <source>Overall kappa {k}; the same codes in {p:.0f} % of the slices</source>
            <translation>Samlet kappa {k}; de samme kodene i {p:.0f} % av tidsintervallene</translation>
        </message>
        <message>
            <source> (annotation deleted)</source>
            <translation> (annotering slettet)</translation>
        </message>
        <message>
            <source> [resolved]</source>
            <translation> [løst]</translation>
        </message>
        <message>
            <source>Saving the comment</source>
            <translation>Lagrer kommentaren</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>Lagrer</translation>
        </message>
        <message>
            <source>Approving</source>
            <translation>Godkjenner</translation>
        </message>
    </context>
    <context>
        <name>SchemeEditor</name>
        <message>
            <source>Coding schemes</source>
            <translation>Kodeskjemaer</translation>
        </message>
        <message>
            <source>&amp;New scheme…</source>
            <translation>&amp;Nytt skjema…</translation>
        </message>
        <message>
            <source>Cop&amp;y…</source>
            <translation>Ko&amp;pier…</translation>
        </message>
        <message>
            <source>A copy of this scheme to change (built-in schemes are copied, not changed)</source>
            <translation>En kopi av dette skjemaet som kan endres (innebygde skjemaer kopieres, de endres ikke)</translation>
        </message>
        <message>
            <source>A built-in scheme: copy it to change it.</source>
            <translation>Et innebygd skjema: kopier det for å endre det.</translation>
        </message>
        <message>
            <source>&amp;Add code</source>
            <translation>&amp;Legg til kode</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>Flytt &amp;opp</translation>
        </message>
        <message>
            <source>Move do&amp;wn</source>
            <translation>Flytt &amp;ned</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>&amp;Fjern</translation>
        </message>
        <message>
            <source>Only a code no moment uses can be removed</source>
            <translation>Bare en kode som ingen øyeblikk bruker, kan fjernes</translation>
        </message>
        <message>
            <source>One letter or digit; Shift+key codes with a caption. Empty: the code is chosen with Enter</source>
            <translation>Én bokstav eller ett siffer; Shift+tast koder med bildetekst. Tomt: koden velges med Enter</translation>
        </message>
        <message>
            <source>• point (one moment)</source>
            <translation>• punkt (ett øyeblikk)</translation>
        </message>
        <message>
            <source>⟷ interval (start and end)</source>
            <translation>⟷ intervall (start og slutt)</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>V&amp;elg…</translation>
        </message>
        <message>
            <source>&amp;Schemes:</source>
            <translation>&amp;Skjemaer:</translation>
        </message>
        <message>
            <source>&amp;Codes (in the coding panel's order):</source>
            <translation>&amp;Koder (i rekkefølgen i kodepanelet):</translation>
        </message>
        <message>
            <source>Na&amp;me:</source>
            <translation>Na&amp;vn:</translation>
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation>&amp;Tast:</translation>
        </message>
        <message>
            <source>K&amp;ind:</source>
            <translation>T&amp;ype:</translation>
        </message>
        <message>
            <source>&amp;Group:</source>
            <translation>&amp;Gruppe:</translation>
        </message>
        <message>
            <source>C&amp;olour:</source>
            <translation>&amp;Farge:</translation>
        </message>
        <message>
            <source>[built-in] </source>
            <translation>[innebygd] </translation>
        </message>
        <message>
            <source>{n} moments coded</source>
            <translation>{n} øyeblikk kodet</translation>
        </message>
        <message>
            <source>Colour of {code}</source>
            <translation>Farge for {code}</translation>
        </message>
        <message>
            <source>New coding scheme</source>
            <translation>Nytt kodeskjema</translation>
        </message>
        <message>
            <source>Title of the new scheme:</source>
            <translation>Tittel på det nye skjemaet:</translation>
        </message>
        <message>
            <source>Copy the coding scheme</source>
            <translation>Kopier kodeskjemaet</translation>
        </message>
        <message>
            <source>Title of the copy:</source>
            <translation>Tittel på kopien:</translation>
        </message>
        <message>
            <source>{title} (own copy)</source>
            <translation>{title} (egen kopi)</translation>
        </message>
        <message>
            <source>New code</source>
            <translation>Ny kode</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Accept suggestion</source>
            <translation>Godta forslag</translation>
        </message>
        <message>
            <source>Dismiss suggestion</source>
            <translation>Avvis forslag</translation>
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
            <translation>Lyd</translation>
        </message>
        <message>
            <source>Adult voice</source>
            <translation>Voksenstemme</translation>
        </message>
        <message>
            <source>Child voice</source>
            <translation>Barnets stemme</translation>
        </message>
        <message>
            <source>Voice (not told)</source>
            <translation>Stemme (ukjent hvem)</translation>
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
            <translation>Dette opptaket er ikke analysert ennå: velg Analyser dette opptaket først</translation>
        </message>
        <message>
            <source>Loading the analysis</source>
            <translation>Laster inn analysen</translation>
        </message>
        <message>
            <source>Open a recording to analyse it</source>
            <translation>Åpne et opptak for å analysere det</translation>
        </message>
        <message>
            <source>Analysing {name}</source>
            <translation>Analyserer {name}</translation>
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
            <translation>&amp;Samtykke…</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Samtykke</translation>
        </message>
    </context>
    <context>
        <name>parent</name>
        <message>
            <source>Choose a visit to present</source>
            <translation>Velg et besøk å vise</translation>
        </message>
        <message>
            <source>Presentation</source>
            <translation>Visning</translation>
        </message>
        <message>
            <source>This visit's feedback plan has no clips yet: add moments in the Feedback plan panel</source>
            <translation>Tilbakemeldingsplanen for dette besøket har ingen klipp ennå: legg til øyeblikk i panelet Tilbakemeldingsplan</translation>
        </message>
    </context>
    <context>
        <name>self.builder</name>
        <message>
            <source>What the child would say…</source>
            <translation>Det barnet ville sagt…</translation>
        </message>
    </context>
    <context>
        <name>widget</name>
        <message>
            <source>administrator</source>
            <translation>administrator</translation>
        </message>
        <message>
            <source>supervisor</source>
            <translation>veileder</translation>
        </message>
        <message>
            <source>clinician</source>
            <translation>kliniker</translation>
        </message>
        <message>
            <source>trainee</source>
            <translation>kandidat under opplæring</translation>
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
            <translation>Språket er lagret: nye vinduer bruker det nå, hele appen fra neste oppstart</translation>
        </message>
        <message>
            <source>Family &amp;language…</source>
            <translation>Familiens &amp;språk…</translation>
        </message>
        <message>
            <source>Family language</source>
            <translation>Familiens språk</translation>
        </message>
        <message>
            <source>Select a case first</source>
            <translation>Velg en sak først</translation>
        </message>
        <message>
            <source>The app's language</source>
            <translation>Appens språk</translation>
        </message>
        <message>
            <source>The reel's cards, the presentation and the script for this family use:</source>
            <translation>Filmens tittelkort, visningen og manuset for denne familien bruker:</translation>
        </message>
        <message>
            <source>&amp;Audit log…</source>
            <translation>&amp;Revisjonslogg…</translation>
        </message>
        <message>
            <source>Open a recording to review its coding</source>
            <translation>Åpne et opptak for å gå gjennom kodingen</translation>
        </message>
        <message>
            <source>A&amp;ccounts…</source>
            <translation>K&amp;ontoer…</translation>
        </message>
    </context>
    <context>
        <name>actions</name>
        <message>
            <source>&amp;New case…</source>
            <translation>&amp;Ny sak…</translation>
        </message>
        <message>
            <source>&amp;Import video…</source>
            <translation>&amp;Importer video…</translation>
        </message>
        <message>
            <source>Import &amp;annotations…</source>
            <translation>Importer &amp;annoteringer…</translation>
        </message>
        <message>
            <source>Add the events of an ELAN, BORIS, CSV or subtitle file to this recording</source>
            <translation>Legg til hendelsene fra en ELAN-, BORIS-, CSV- eller undertekstfil i dette opptaket</translation>
        </message>
        <message>
            <source>Import annotations with &amp;new codes…</source>
            <translation>Importer annoteringer med &amp;nye koder…</translation>
        </message>
        <message>
            <source>As Import, making codes for tiers and behaviours this app does not know yet</source>
            <translation>Som Importer, men lager koder for nivåer og atferd appen ikke kjenner ennå</translation>
        </message>
        <message>
            <source>E&amp;xport annotations…</source>
            <translation>E&amp;ksporter annoteringer…</translation>
        </message>
        <message>
            <source>Write this recording's events as ELAN, BORIS, CSV or subtitles</source>
            <translation>Skriv hendelsene i dette opptaket som ELAN, BORIS, CSV eller undertekster</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Avslutt</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Angre</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Gjør om</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Slett</translation>
        </message>
        <message>
            <source>Delete the selected moment (in the plan: remove the clip)</source>
            <translation>Slett det valgte øyeblikket (i planen: fjern klippet)</translation>
        </message>
        <message>
            <source>&amp;Rename case…</source>
            <translation>&amp;Gi saken nytt navn…</translation>
        </message>
        <message>
            <source>New &amp;visit</source>
            <translation>Nytt &amp;besøk</translation>
        </message>
        <message>
            <source>Visit &amp;theme…</source>
            <translation>Besøkets &amp;tema…</translation>
        </message>
        <message>
            <source>Focus &amp;cases</source>
            <translation>Fokus på &amp;saker</translation>
        </message>
        <message>
            <source>Focus &amp;player</source>
            <translation>Fokus på a&amp;vspilleren</translation>
        </message>
        <message>
            <source>Focus &amp;timeline</source>
            <translation>Fokus på &amp;tidslinjen</translation>
        </message>
        <message>
            <source>Focus c&amp;oding</source>
            <translation>Fokus på k&amp;oding</translation>
        </message>
        <message>
            <source>Focus &amp;events</source>
            <translation>Fokus på &amp;hendelser</translation>
        </message>
        <message>
            <source>Focus &amp;inspector</source>
            <translation>Fokus på &amp;egenskaper</translation>
        </message>
        <message>
            <source>Focus feedback &amp;plan</source>
            <translation>Fokus på tilbakemeldings&amp;planen</translation>
        </message>
        <message>
            <source>&amp;Present the plan (full screen)</source>
            <translation>&amp;Vis planen (fullskjerm)</translation>
        </message>
        <message>
            <source>&amp;Propose plan</source>
            <translation>&amp;Foreslå plan</translation>
        </message>
        <message>
            <source>A first plan from the coded moments with a caption: strengths first</source>
            <translation>En første plan av de kodede øyeblikkene med bildetekst: styrker først</translation>
        </message>
        <message>
            <source>E&amp;xport for the visit</source>
            <translation>E&amp;ksporter for besøket</translation>
        </message>
        <message>
            <source>Write the reel and the script into the visit's folder</source>
            <translation>Skriv filmen og manuset til besøkets mappe</translation>
        </message>
        <message>
            <source>Export &amp;to…</source>
            <translation>Eksporter &amp;til…</translation>
        </message>
        <message>
            <source>Show analysis &amp;overlay</source>
            <translation>Vis analyse&amp;overlegg</translation>
        </message>
        <message>
            <source>Skeletons, face boxes and gaze rays from the analysis, over the video</source>
            <translation>Skjeletter, ansiktsbokser og blikkretning fra analysen, over videoen</translation>
        </message>
        <message>
            <source>&amp;Analyse this recording…</source>
            <translation>&amp;Analyser dette opptaket…</translation>
        </message>
        <message>
            <source>Find the people, their poses and gaze (runs in the background; can be cancelled)</source>
            <translation>Finn personene, kroppsholdningen og blikket deres (kjører i bakgrunnen; kan avbrytes)</translation>
        </message>
        <message>
            <source>&amp;Keyboard</source>
            <translation>&amp;Tastatur</translation>
        </message>
        <message>
            <source>&amp;Review coding…</source>
            <translation>&amp;Gå gjennom koding…</translation>
        </message>
        <message>
            <source>A trainee's and a reference coding side by side, with their agreement</source>
            <translation>Kodingen til en kandidat og en referansekoding side om side, med samsvaret mellom dem</translation>
        </message>
        <message>
            <source>Next disagreement</source>
            <translation>Neste avvik</translation>
        </message>
        <message>
            <source>Previous disagreement</source>
            <translation>Forrige avvik</translation>
        </message>
        <message>
            <source>Play/Pause</source>
            <translation>Spill av/Pause</translation>
        </message>
        <message>
            <source>Play / faster</source>
            <translation>Spill av / raskere</translation>
        </message>
        <message>
            <source>Slower / back</source>
            <translation>Saktere / bakover</translation>
        </message>
        <message>
            <source>◀| Frame back</source>
            <translation>◀| Ett bilde tilbake</translation>
        </message>
        <message>
            <source>|▶ Frame forward</source>
            <translation>|▶ Ett bilde fram</translation>
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
            <translation>Gå til starten</translation>
        </message>
        <message>
            <source>Go to end</source>
            <translation>Gå til slutten</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Zoom inn</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Zoom ut</translation>
        </message>
        <message>
            <source>Whole recording</source>
            <translation>Hele opptaket</translation>
        </message>
        <message>
            <source>Zoom to frames</source>
            <translation>Zoom til enkeltbilder</translation>
        </message>
        <message>
            <source>No valence</source>
            <translation>Ingen valens</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>Styrke</translation>
        </message>
        <message>
            <source>To work on</source>
            <translation>Å jobbe med</translation>
        </message>
        <message>
            <source>Cancel the interval</source>
            <translation>Avbryt intervallet</translation>
        </message>
        <message>
            <source>Strength / to work on (next moment)</source>
            <translation>Styrke / å jobbe med (neste øyeblikk)</translation>
        </message>
        <message>
            <source>Code the next moment as to work on (or back to strength)</source>
            <translation>Kod neste øyeblikk som å jobbe med (eller tilbake til styrke)</translation>
        </message>
        <message>
            <source>Go to the event</source>
            <translation>Gå til hendelsen</translation>
        </message>
        <message>
            <source>Delete the event</source>
            <translation>Slett hendelsen</translation>
        </message>
        <message>
            <source>Add to the plan</source>
            <translation>Legg til i planen</translation>
        </message>
        <message>
            <source>Preview the clip</source>
            <translation>Forhåndsvis klippet</translation>
        </message>
        <message>
            <source>Remove the clip</source>
            <translation>Fjern klippet</translation>
        </message>
        <message>
            <source>Move the clip earlier</source>
            <translation>Flytt klippet tidligere</translation>
        </message>
        <message>
            <source>Move the clip later</source>
            <translation>Flytt klippet senere</translation>
        </message>
        <message>
            <source>Mark a moment</source>
            <translation>Marker et øyeblikk</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Neste</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Tilbake</translation>
        </message>
        <message>
            <source>Again</source>
            <translation>Igjen</translation>
        </message>
        <message>
            <source>Leave</source>
            <translation>Avslutt</translation>
        </message>
    </context>
</TS>
