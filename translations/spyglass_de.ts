<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
  <context>
    <name>FileFormats</name>
    <message>
      <source>All profiles (*.spyglass *.spy *.json *.txt *.folded *.collapsed *.raw *.austin)</source>
      <translation>Alle Profile (*.spyglass *.spy *.json *.txt *.folded *.collapsed *.raw *.austin)</translation>
    </message>
    <message>
      <source>Spyglass profiles (*.spyglass *.spy)</source>
      <translation>Spyglass-Profile (*.spyglass *.spy)</translation>
    </message>
    <message>
      <source>Speedscope JSON (*.json)</source>
      <translation>Speedscope-JSON (*.json)</translation>
    </message>
    <message>
      <source>Collapsed stacks: py-spy, FlameGraph (*.txt *.folded *.collapsed *.raw)</source>
      <translation>Zusammengefasste Stacks: py-spy, FlameGraph (*.txt *.folded *.collapsed *.raw)</translation>
    </message>
    <message>
      <source>Austin (*.austin)</source>
      <translation>Austin (*.austin)</translation>
    </message>
    <message>
      <source>All files (*)</source>
      <translation>Alle Dateien (*)</translation>
    </message>
    <message>
      <source>SVG flame graph (*.svg)</source>
      <translation>SVG-Flammendiagramm (*.svg)</translation>
    </message>
    <message>
      <source>Collapsed stacks (*.txt *.folded)</source>
      <translation>Zusammengefasste Stacks (*.txt *.folded)</translation>
    </message>
    <message>
      <source>Spyglass profile (*.spyglass)</source>
      <translation>Spyglass-Profil (*.spyglass)</translation>
    </message>
  </context>
  <context>
    <name>FlameColors</name>
    <message>
      <source>Your code</source>
      <translation>Ihr Code</translation>
    </message>
    <message>
      <source>Standard library</source>
      <translation>Standardbibliothek</translation>
    </message>
    <message>
      <source>Third-party (site-packages)</source>
      <translation>Drittanbieter (site-packages)</translation>
    </message>
    <message>
      <source>Native</source>
      <translation>Nativ</translation>
    </message>
    <message>
      <source>Idle</source>
      <translation>Leerlauf</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>Andere</translation>
    </message>
  </context>
  <context>
    <name>Format</name>
    <message>
      <source>%1 GiB</source>
      <translation>%1 GiB</translation>
    </message>
    <message>
      <source>%1 MiB</source>
      <translation>%1 MiB</translation>
    </message>
    <message>
      <source>%1 KiB</source>
      <translation>%1 KiB</translation>
    </message>
    <message>
      <source>%1 B</source>
      <translation>%1 B</translation>
    </message>
    <message>
      <source>%1 %</source>
      <translation>%1 %</translation>
    </message>
    <message>
      <source>%1 ns</source>
      <translation>%1 ns</translation>
    </message>
    <message>
      <source>%1 µs</source>
      <translation>%1 µs</translation>
    </message>
    <message>
      <source>%1 ms</source>
      <translation>%1 ms</translation>
    </message>
    <message>
      <source>%1 s</source>
      <translation>%1 s</translation>
    </message>
    <message>
      <source>%1 min %2 s</source>
      <translation>%1 min %2 s</translation>
    </message>
    <message>
      <source>%1 h %2 min</source>
      <translation>%1 h %2 min</translation>
    </message>
    <message>
      <source>Thread %1</source>
      <translation>Thread %1</translation>
    </message>
  </context>
  <context>
    <name>FunctionMenu</name>
    <message>
      <source>Show Source</source>
      <translation>Quelltext zeigen</translation>
    </message>
    <message>
      <source>Focus on %1</source>
      <translation>Auf %1 fokussieren</translation>
    </message>
    <message>
      <source>Exclude %1</source>
      <translation>%1 ausblenden</translation>
    </message>
    <message>
      <source>Exclude Package %1</source>
      <translation>Paket %1 ausblenden</translation>
    </message>
    <message>
      <source>Copy Function Name</source>
      <translation>Funktionsnamen kopieren</translation>
    </message>
    <message>
      <source>Copy Location</source>
      <translation>Ort kopieren</translation>
    </message>
    <message>
      <source>Copy Stack</source>
      <translation>Stack kopieren</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <source>Spyglass, a profiler for Python</source>
      <translation>Spyglass, ein Profiler für Python</translation>
    </message>
    <message>
      <source>A profile to open (Spyglass, speedscope, collapsed stacks, Austin).</source>
      <translation>Ein zu öffnendes Profil (Spyglass, Speedscope, zusammengefasste Stacks, Austin).</translation>
    </message>
    <message>
      <source>Record the built-in demo program live (python3).</source>
      <translation>Das eingebaute Demoprogramm live aufzeichnen (python3).</translation>
    </message>
  </context>
  <context>
    <name>spyglass::FlameGraphView</name>
    <message>
      <source>Zoom to Frame</source>
      <translation>Auf Frame zoomen</translation>
    </message>
    <message>
      <source>Copy Function Name</source>
      <translation>Funktionsnamen kopieren</translation>
    </message>
    <message>
      <source>Copy Stack</source>
      <translation>Stack kopieren</translation>
    </message>
    <message>
      <source>Focus on Function</source>
      <translation>Auf Funktion fokussieren</translation>
    </message>
    <message>
      <source>Exclude Function</source>
      <translation>Funktion ausblenden</translation>
    </message>
    <message>
      <source>Show Callers and Callees</source>
      <translation>Aufrufer und Aufgerufene zeigen</translation>
    </message>
    <message>
      <source>Zoom to Folded Frames</source>
      <translation>Auf zusammengefaltete Frames zoomen</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Zurück</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>Vorwärts</translation>
    </message>
    <message>
      <source>Reset Zoom</source>
      <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
      <source>No profile</source>
      <translation>Kein Profil</translation>
    </message>
    <message>
      <source>Select a function to see its callers and callees</source>
      <translation>Wählen Sie eine Funktion, um ihre Aufrufer und Aufgerufenen zu sehen</translation>
    </message>
    <message>
      <source>Computing the flamegraph…</source>
      <translation>Berechne das Flammendiagramm …</translation>
    </message>
    <message>
      <source>No samples match the filter</source>
      <translation>Keine Stichprobe passt zum Filter</translation>
    </message>
    <message>
      <source>Invalid pattern: %1</source>
      <translation>Ungültiges Muster: %1</translation>
    </message>
    <message>
      <source>Matches: %1 of samples (%2)</source>
      <translation>Treffer: %1 der Stichproben (%2)</translation>
    </message>
    <message>
      <source>Updating…</source>
      <translation>Aktualisiere …</translation>
    </message>
  </context>
  <context>
    <name>spyglass::FlameLegend</name>
    <message>
      <source>Folded (too narrow)</source>
      <translation>Zusammengefaltet (zu schmal)</translation>
    </message>
    <message>
      <source>Flamegraph colors</source>
      <translation>Farben des Flammendiagramms</translation>
    </message>
    <message>
      <source>Frames are colored by where their code comes from; each function keeps its own shade of its category's color.</source>
      <translation>Frames sind danach gefärbt, woher ihr Code stammt; jede Funktion behält ihren eigenen Ton der Farbe ihrer Kategorie.</translation>
    </message>
  </context>
  <context>
    <name>FlameModel</name>
    <message>
      <source>all</source>
      <translation>alle</translation>
    </message>
    <message>
      <source>1 sample</source>
      <translation>1 Stichprobe</translation>
    </message>
    <message>
      <source>%1 samples</source>
      <translation>%1 Stichproben</translation>
    </message>
    <message>
      <source>%1 s</source>
      <translation>%1 s</translation>
    </message>
    <message>
      <source>%1 ms</source>
      <translation>%1 ms</translation>
    </message>
    <message>
      <source>your code</source>
      <translation>Ihr Code</translation>
    </message>
    <message>
      <source>standard library</source>
      <translation>Standardbibliothek</translation>
    </message>
    <message>
      <source>third-party</source>
      <translation>Drittanbieter</translation>
    </message>
    <message>
      <source>native</source>
      <translation>nativ</translation>
    </message>
    <message>
      <source>idle</source>
      <translation>Leerlauf</translation>
    </message>
    <message>
      <source>other</source>
      <translation>andere</translation>
    </message>
    <message>
      <source>Total: %1 (%2 of all, %3 of zoom)</source>
      <translation>Gesamt: %1 (%2 von allem, %3 vom Zoom)</translation>
    </message>
    <message>
      <source>Own: %1 (%2 of all, %3 of zoom)</source>
      <translation>Eigen: %1 (%2 von allem, %3 vom Zoom)</translation>
    </message>
    <message>
      <source>Package: %1</source>
      <translation>Paket: %1</translation>
    </message>
    <message>
      <source>%1 frames too narrow to show</source>
      <translation>%1 Frames zu schmal zum Anzeigen</translation>
    </message>
    <message>
      <source>Click to zoom in</source>
      <translation>Zum Vergrößern klicken</translation>
    </message>
  </context>
  <context>
    <name>spyglass::SandwichView</name>
    <message>
      <source>Callers</source>
      <translation>Aufrufer</translation>
    </message>
    <message>
      <source>Callees</source>
      <translation>Aufgerufene</translation>
    </message>
    <message>
      <source>Choose a function to see its callers (above) and callees (below).</source>
      <translation>Wählen Sie eine Funktion, um ihre Aufrufer (oben) und Aufgerufenen (unten) zu sehen.</translation>
    </message>
    <message>
      <source>Callers (above) and callees (below) of %1</source>
      <translation>Aufrufer (oben) und Aufgerufene (unten) von %1</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::FlamePage</name>
    <message>
      <source>Icicle</source>
      <translation>Eiszapfen</translation>
    </message>
    <message>
      <source>Root at the top (icicle) instead of the bottom (flame)</source>
      <translation>Wurzel oben (Eiszapfen) statt unten (Flamme)</translation>
    </message>
    <message>
      <source>Merged (left-heavy)</source>
      <translation>Zusammengeführt (schwerste links)</translation>
    </message>
    <message>
      <source>Time order</source>
      <translation>Zeitliche Reihenfolge</translation>
    </message>
    <message>
      <source>Merge identical stacks, heaviest first, or lay the samples out along time</source>
      <translation>Gleiche Stacks zusammenführen, schwerste zuerst, oder die Stichproben entlang der Zeit anordnen</translation>
    </message>
    <message>
      <source>Search frames (Ctrl+F)</source>
      <translation>Frames suchen (Strg+F)</translation>
    </message>
    <message>
      <source>Regular expression</source>
      <translation>Regulärer Ausdruck</translation>
    </message>
    <message>
      <source>matches %1 of the samples</source>
      <translation>trifft %1 der Stichproben</translation>
    </message>
    <message>
      <source>invalid: %1</source>
      <translation>ungültig: %1</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::LoadProgress</name>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Stop loading this file</source>
      <translation>Laden dieser Datei abbrechen</translation>
    </message>
    <message>
      <source>Loading %1…</source>
      <translation>Lade %1 …</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::MainWindow</name>
    <message>
      <source>Some input was skipped: %1</source>
      <translation>Ein Teil der Eingabe wurde übersprungen: %1</translation>
    </message>
    <message>
      <source>Stopped loading %1</source>
      <translation>Laden von %1 abgebrochen</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Übersicht</translation>
    </message>
    <message>
      <source>Flame Graph</source>
      <translation>Flammendiagramm</translation>
    </message>
    <message>
      <source>Top-Down</source>
      <translation>Top-down</translation>
    </message>
    <message>
      <source>Bottom-Up</source>
      <translation>Bottom-up</translation>
    </message>
    <message>
      <source>Sandwich</source>
      <translation>Sandwich</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Quelltext</translation>
    </message>
    <message>
      <source>%1 (Ctrl+%2)</source>
      <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>Zeitleiste</translation>
    </message>
    <message>
      <source>Threads</source>
      <translation>Threads</translation>
    </message>
    <message>
      <source>Loading %1…</source>
      <translation>Lade %1 …</translation>
    </message>
    <message>
      <source>Opened %1</source>
      <translation>%1 geöffnet</translation>
    </message>
    <message>
      <source>Spyglass cannot open %1.</source>
      <translation>Spyglass kann %1 nicht öffnen.</translation>
    </message>
    <message>
      <source>Spyglass</source>
      <translation>Spyglass</translation>
    </message>
    <message>
      <source>%1 — Spyglass</source>
      <translation>%1 — Spyglass</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;Datei</translation>
    </message>
    <message>
      <source>&amp;Open…</source>
      <translation>&amp;Öffnen …</translation>
    </message>
    <message>
      <source>Open &amp;Recent</source>
      <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
      <source>&amp;Export</source>
      <translation>&amp;Exportieren</translation>
    </message>
    <message>
      <source>Flame Graph as &amp;SVG…</source>
      <translation>Flammendiagramm als &amp;SVG …</translation>
    </message>
    <message>
      <source>Speedscope &amp;JSON…</source>
      <translation>Speedscope-&amp;JSON …</translation>
    </message>
    <message>
      <source>&amp;Collapsed Stacks…</source>
      <translation>&amp;Zusammengefasste Stacks …</translation>
    </message>
    <message>
      <source>Spyglass &amp;Profile…</source>
      <translation>Spyglass-&amp;Profil …</translation>
    </message>
    <message>
      <source>Current View as P&amp;NG…</source>
      <translation>Aktuelle Ansicht als P&amp;NG …</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Beenden</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
      <source>Copy Function &amp;Name</source>
      <translation>Funktions&amp;namen kopieren</translation>
    </message>
    <message>
      <source>Copy &amp;Stack</source>
      <translation>&amp;Stack kopieren</translation>
    </message>
    <message>
      <source>&amp;Find…</source>
      <translation>&amp;Suchen …</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;Ansicht</translation>
    </message>
    <message>
      <source>Zoom &amp;In</source>
      <translation>&amp;Vergrößern</translation>
    </message>
    <message>
      <source>Zoom &amp;Out</source>
      <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
      <source>&amp;Reset Zoom</source>
      <translation>&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
      <source>&amp;Back</source>
      <translation>&amp;Zurück</translation>
    </message>
    <message>
      <source>&amp;Merge Threads in Timeline</source>
      <translation>Threads in der Zeitleiste &amp;zusammenführen</translation>
    </message>
    <message>
      <source>&amp;Metric</source>
      <translation>&amp;Metrik</translation>
    </message>
    <message>
      <source>F&amp;ilter</source>
      <translation>F&amp;ilter</translation>
    </message>
    <message>
      <source>&amp;My Code Only</source>
      <translation>Nur &amp;eigener Code</translation>
    </message>
    <message>
      <source>Fold the standard library and site-packages into one frame per package</source>
      <translation>Standardbibliothek und site-packages zu einem Frame pro Paket zusammenfalten</translation>
    </message>
    <message>
      <source>Hide &amp;Idle Samples</source>
      <translation>&amp;Leerlauf-Stichproben ausblenden</translation>
    </message>
    <message>
      <source>&amp;Remove Last Filter</source>
      <translation>Letzten Filter &amp;entfernen</translation>
    </message>
    <message>
      <source>&amp;Clear All Filters</source>
      <translation>&amp;Alle Filter entfernen</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Hilfe</translation>
    </message>
    <message>
      <source>&amp;About Spyglass</source>
      <translation>&amp;Über Spyglass</translation>
    </message>
    <message>
      <source>About Spyglass</source>
      <translation>Über Spyglass</translation>
    </message>
    <message>
      <source>&lt;h3&gt;Spyglass %1&lt;/h3&gt;&lt;p&gt;A profiler for Python: sampling from outside the process, with flame graphs, call trees, source heat and timelines.&lt;/p&gt;</source>
      <translation>&lt;h3&gt;Spyglass %1&lt;/h3&gt;&lt;p&gt;Ein Profiler für Python: Stichproben von außerhalb des Prozesses, mit Flammendiagrammen, Aufrufbäumen, Quelltext-Heatmap und Zeitleisten.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>About &amp;Qt</source>
      <translation>Über &amp;Qt</translation>
    </message>
    <message>
      <source>Open Profile</source>
      <translation>Profil öffnen</translation>
    </message>
    <message>
      <source>Spyglass cannot write %1.</source>
      <translation>Spyglass kann %1 nicht schreiben.</translation>
    </message>
    <message>
      <source>Exported %1</source>
      <translation>%1 exportiert</translation>
    </message>
    <message>
      <source>The image could not be saved there.</source>
      <translation>Das Bild konnte dort nicht gespeichert werden.</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>%1 gespeichert</translation>
    </message>
    <message>
      <source>Export Profile</source>
      <translation>Profil exportieren</translation>
    </message>
    <message>
      <source>Save View as PNG</source>
      <translation>Ansicht als PNG speichern</translation>
    </message>
    <message>
      <source>PNG image (*.png)</source>
      <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
      <source>&amp;Record</source>
      <translation>&amp;Aufzeichnen</translation>
    </message>
    <message>
      <source>&amp;Launch Script…</source>
      <translation>Skript &amp;starten…</translation>
    </message>
    <message>
      <source>Run a Python script and record it live</source>
      <translation>Ein Python-Skript ausführen und live aufzeichnen</translation>
    </message>
    <message>
      <source>&amp;Attach to Process…</source>
      <translation>An Prozess &amp;anhängen…</translation>
    </message>
    <message>
      <source>Record a running Python process live, without changing it</source>
      <translation>Einen laufenden Python-Prozess live aufzeichnen, ohne ihn zu verändern</translation>
    </message>
    <message>
      <source>&amp;Stop Recording</source>
      <translation>Aufzeichnung &amp;beenden</translation>
    </message>
    <message>
      <source>End the recording; every sample stays in the window</source>
      <translation>Die Aufzeichnung beenden; alle Samples bleiben im Fenster</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Aufzeichnen</translation>
    </message>
    <message>
      <source>Recording %1</source>
      <translation>Zeichne %1 auf</translation>
    </message>
    <message>
      <source>Spyglass cannot record %1.</source>
      <translation>Spyglass kann %1 nicht aufzeichnen.</translation>
    </message>
    <message>
      <source>Attaching to process %1…</source>
      <translation>Hänge an Prozess %1 an…</translation>
    </message>
    <message>
      <source>Starting %1…</source>
      <translation>Starte %1…</translation>
    </message>
    <message>
      <source>Spyglass cannot start the demo.</source>
      <translation>Spyglass kann die Demo nicht starten.</translation>
    </message>
    <message>
      <source>● Starting…</source>
      <translation>● Startet…</translation>
    </message>
    <message>
      <source>● Recording %1 s, %2 samples</source>
      <translation>● Aufzeichnung %1 s, %2 Samples</translation>
    </message>
    <message>
      <source>, %1 torn</source>
      <translation>, %1 zerrissen</translation>
    </message>
    <message>
      <source>%1, torn reads: %2</source>
      <translation>%1, zerrissene Lesevorgänge: %2</translation>
    </message>
    <message>
      <source>Many tore: for exact stacks, record with “Pause the target”.</source>
      <translation>Viele zerrissen: für exakte Stacks mit „Zielprogramm anhalten“ aufzeichnen.</translation>
    </message>
    <message>
      <source>%1 samples kept</source>
      <translation>%1 Samples behalten</translation>
    </message>
    <message>
      <source>Recording stopped after %1 s; %2.</source>
      <translation>Aufzeichnung nach %1 s beendet; %2.</translation>
    </message>
    <message>
      <source>The target exited; recording ended, %1.</source>
      <translation>Das Ziel hat sich beendet; Aufzeichnung beendet, %1.</translation>
    </message>
    <message>
      <source>The target exited (%1); recording ended, %2.</source>
      <translation>Das Ziel hat sich beendet (%1); Aufzeichnung beendet, %2.</translation>
    </message>
    <message>
      <source>No samples were recorded from %1.</source>
      <translation>Von %1 wurden keine Samples aufgezeichnet.</translation>
    </message>
    <message>
      <source>Recording %1 — Spyglass</source>
      <translation>Aufzeichnung %1 — Spyglass</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::RecentFiles</name>
    <message>
      <source>&amp;%1 %2</source>
      <translation>&amp;%1 %2</translation>
    </message>
    <message>
      <source>No recent files</source>
      <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
      <source>Clear Recent Files</source>
      <translation>Liste leeren</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::StatusFields</name>
    <message>
      <source>Samples in the profile (and kept by the filters)</source>
      <translation>Stichproben im Profil (und von den Filtern behalten)</translation>
    </message>
    <message>
      <source>Recorded duration</source>
      <translation>Aufgezeichnete Dauer</translation>
    </message>
    <message>
      <source>Threads with samples</source>
      <translation>Threads mit Stichproben</translation>
    </message>
    <message>
      <source>Sampling rate</source>
      <translation>Abtastrate</translation>
    </message>
    <message>
      <source>Python version of the profiled program</source>
      <translation>Python-Version des profilierten Programms</translation>
    </message>
    <message>
      <source>Profile file</source>
      <translation>Profildatei</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>Berechne …</translation>
    </message>
    <message>
      <source>live</source>
      <translation>live</translation>
    </message>
    <message>
      <source>%1 samples</source>
      <translation>%1 Stichproben</translation>
    </message>
    <message>
      <source> (%1 kept)</source>
      <translation> (%1 behalten)</translation>
    </message>
    <message>
      <source>no timing</source>
      <translation>keine Zeitangaben</translation>
    </message>
    <message numerus="yes">
      <source>%n thread(s)</source>
      <translation>
        <numerusform>%n Thread</numerusform>
        <numerusform>%n Threads</numerusform>
      </translation>
    </message>
    <message>
      <source>%1 Hz</source>
      <translation>%1 Hz</translation>
    </message>
    <message>
      <source>≈ %1 Hz</source>
      <translation>≈ %1 Hz</translation>
    </message>
    <message>
      <source>rate unknown</source>
      <translation>Rate unbekannt</translation>
    </message>
    <message>
      <source>Python ?</source>
      <translation>Python ?</translation>
    </message>
    <message>
      <source>Python %1</source>
      <translation>Python %1</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::CallTreeModel</name>
    <message>
      <source>package %1</source>
      <translation>Paket %1</translation>
    </message>
    <message>
      <source>Own: %1 (%2)</source>
      <translation>Eigen: %1 (%2)</translation>
    </message>
    <message>
      <source>Total: %1 (%2)</source>
      <translation>Gesamt: %1 (%2)</translation>
    </message>
    <message>
      <source>Function</source>
      <translation>Funktion</translation>
    </message>
    <message>
      <source>Function (callers below)</source>
      <translation>Funktion (Aufrufer darunter)</translation>
    </message>
    <message>
      <source>Own</source>
      <translation>Eigen</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Gesamt</translation>
    </message>
    <message>
      <source>Own %</source>
      <translation>Eigen %</translation>
    </message>
    <message>
      <source>Total %</source>
      <translation>Gesamt %</translation>
    </message>
    <message>
      <source>Location</source>
      <translation>Ort</translation>
    </message>
    <message>
      <source>Samples whose innermost frame is this one</source>
      <translation>Stichproben, deren innerster Frame dieser ist</translation>
    </message>
    <message>
      <source>Samples with this frame anywhere on the stack</source>
      <translation>Stichproben mit diesem Frame irgendwo auf dem Stack</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::CallTreeView</name>
    <message>
      <source>Find function (Enter: next match)</source>
      <translation>Funktion suchen (Eingabe: nächster Treffer)</translation>
    </message>
    <message>
      <source>Expand Hot Path</source>
      <translation>Heißen Pfad aufklappen</translation>
    </message>
    <message>
      <source>Collapse All</source>
      <translation>Alle zuklappen</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::CallerCalleeView</name>
    <message>
      <source>Caller</source>
      <translation>Aufrufer</translation>
    </message>
    <message>
      <source>Callee</source>
      <translation>Aufgerufene</translation>
    </message>
    <message>
      <source>Called from:</source>
      <translation>Aufgerufen von:</translation>
    </message>
    <message>
      <source>Calls:</source>
      <translation>Ruft auf:</translation>
    </message>
    <message>
      <source>Select a function to see its callers and callees.</source>
      <translation>Wählen Sie eine Funktion, um ihre Aufrufer und Aufgerufenen zu sehen.</translation>
    </message>
    <message>
      <source>&lt;b&gt;%1&lt;/b&gt; — own %2 (%3), total %4 (%5)</source>
      <translation>&lt;b&gt;%1&lt;/b&gt; — eigen %2 (%3), gesamt %4 (%5)</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::FilterChipsBar</name>
    <message>
      <source>Filters:</source>
      <translation>Filter:</translation>
    </message>
    <message>
      <source>none — drag on the timeline, choose threads or right-click a function</source>
      <translation>keine — in der Zeitleiste ziehen, Threads wählen oder eine Funktion rechts anklicken</translation>
    </message>
    <message>
      <source>Clear all</source>
      <translation>Alle entfernen</translation>
    </message>
    <message>
      <source>Remove every filter</source>
      <translation>Alle Filter entfernen</translation>
    </message>
    <message>
      <source>Remove this filter (Esc removes the newest)</source>
      <translation>Diesen Filter entfernen (Esc entfernt den neuesten)</translation>
    </message>
    <message>
      <source>Remove this filter</source>
      <translation>Diesen Filter entfernen</translation>
    </message>
    <message>
      <source>Remove filter %1</source>
      <translation>Filter %1 entfernen</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::FilterStack</name>
    <message>
      <source>Time %1 – %2</source>
      <translation>Zeit %1 – %2</translation>
    </message>
    <message>
      <source>Threads: %1</source>
      <translation>Threads: %1</translation>
    </message>
    <message>
      <source>Focus: %1</source>
      <translation>Fokus: %1</translation>
    </message>
    <message>
      <source>Without %1</source>
      <translation>Ohne %1</translation>
    </message>
    <message>
      <source>Without package %1</source>
      <translation>Ohne Paket %1</translation>
    </message>
    <message>
      <source>My code only</source>
      <translation>Nur eigener Code</translation>
    </message>
    <message>
      <source>Without idle</source>
      <translation>Ohne Leerlauf</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::FunctionListModel</name>
    <message>
      <source>Function</source>
      <translation>Funktion</translation>
    </message>
    <message>
      <source>Own</source>
      <translation>Eigen</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Gesamt</translation>
    </message>
    <message>
      <source>Own %</source>
      <translation>Eigen %</translation>
    </message>
    <message>
      <source>Total %</source>
      <translation>Gesamt %</translation>
    </message>
    <message>
      <source>Location</source>
      <translation>Ort</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::SourceEditor</name>
    <message>
      <source>Line %1
On the stack: %2 (%3)
Innermost: %4 (%5)</source>
      <translation>Zeile %1
Auf dem Stack: %2 (%3)
Innerster Frame: %4 (%5)</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::SourceHeatView</name>
    <message>
      <source>Locate File…</source>
      <translation>Datei suchen …</translation>
    </message>
    <message>
      <source>Show where this file is on this machine; the answer is remembered for this profile</source>
      <translation>Zeigen, wo diese Datei auf diesem Rechner liegt; die Antwort wird für dieses Profil gemerkt</translation>
    </message>
    <message>
      <source>Select a function to see its source.</source>
      <translation>Wählen Sie eine Funktion, um ihren Quelltext zu sehen.</translation>
    </message>
    <message>
      <source>The profile has no source file for %1 (native or built-in code).</source>
      <translation>Das Profil enthält keine Quelldatei für %1 (nativer oder eingebauter Code).</translation>
    </message>
    <message>
      <source>%1 (recorded as %2)</source>
      <translation>%1 (aufgezeichnet als %2)</translation>
    </message>
    <message>
      <source>%1 is not on this machine. Use “Locate File…” to show where it is.</source>
      <translation>%1 liegt nicht auf diesem Rechner. Mit „Datei suchen …“ zeigen Sie, wo sie ist.</translation>
    </message>
    <message>
      <source>%1 cannot be read as a source file.</source>
      <translation>%1 kann nicht als Quelldatei gelesen werden.</translation>
    </message>
    <message>
      <source>This file has %1 lines, but the profile has samples at line %2: it is not the version that was profiled.</source>
      <translation>Diese Datei hat %1 Zeilen, das Profil hat aber Stichproben in Zeile %2: Es ist nicht die profilierte Fassung.</translation>
    </message>
    <message>
      <source>This file changed on %1, after the profile was recorded (%2); the lines may not match.</source>
      <translation>Diese Datei wurde am %1 geändert, nach der Aufzeichnung des Profils (%2); die Zeilen passen womöglich nicht.</translation>
    </message>
    <message>
      <source>Where is %1?</source>
      <translation>Wo ist %1?</translation>
    </message>
    <message>
      <source>Python files (*.py *.pyw *.pyx);;All files (*)</source>
      <translation>Python-Dateien (*.py *.pyw *.pyx);;Alle Dateien (*)</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::SummaryView</name>
    <message>
      <source>&lt;b&gt;Heaviest functions&lt;/b&gt; (by own samples; click a header to sort)</source>
      <translation>&lt;b&gt;Schwerste Funktionen&lt;/b&gt; (nach eigenen Stichproben; zum Sortieren auf eine Spalte klicken)</translation>
    </message>
    <message>
      <source>&lt;h2&gt;No profile open&lt;/h2&gt;&lt;p&gt;Open a profile with File ▸ Open (Ctrl+O), drop a file on this window, or start Spyglass with a file name.&lt;/p&gt;</source>
      <translation>&lt;h2&gt;Kein Profil geöffnet&lt;/h2&gt;&lt;p&gt;Öffnen Sie ein Profil mit Datei ▸ Öffnen (Strg+O), ziehen Sie eine Datei auf dieses Fenster oder starten Sie Spyglass mit einem Dateinamen.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Datei</translation>
    </message>
    <message>
      <source>(live recording)</source>
      <translation>(Live-Aufzeichnung)</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>Recorded by</source>
      <translation>Aufgezeichnet mit</translation>
    </message>
    <message>
      <source>Command</source>
      <translation>Befehl</translation>
    </message>
    <message>
      <source>Python</source>
      <translation>Python</translation>
    </message>
    <message>
      <source>Samples</source>
      <translation>Stichproben</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Dauer</translation>
    </message>
    <message>
      <source>Threads</source>
      <translation>Threads</translation>
    </message>
    <message>
      <source>Idle samples</source>
      <translation>Leerlauf-Stichproben</translation>
    </message>
    <message>
      <source>Functions</source>
      <translation>Funktionen</translation>
    </message>
    <message>
      <source>Filters keep</source>
      <translation>Filter behalten</translation>
    </message>
    <message>
      <source>%1 of the weight</source>
      <translation>%1 des Gewichts</translation>
    </message>
    <message>
      <source>Profile summary</source>
      <translation>Profilübersicht</translation>
    </message>
    <message>
      <source>%1 (in %2 records)</source>
      <translation>%1 (in %2 Datensätzen)</translation>
    </message>
    <message>
      <source>not recorded</source>
      <translation>nicht aufgezeichnet</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::ThreadListModel</name>
    <message>
      <source>Thread</source>
      <translation>Thread</translation>
    </message>
    <message>
      <source>ID</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>Samples</source>
      <translation>Stichproben</translation>
    </message>
    <message>
      <source>Share</source>
      <translation>Anteil</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::ThreadListView</name>
    <message>
      <source>%1 threads</source>
      <translation>%1 Threads</translation>
    </message>
  </context>
  <context>
    <name>spyglass::ui::TimelineView</name>
    <message>
      <source>Timeline</source>
      <translation>Zeitleiste</translation>
    </message>
    <message>
      <source>All threads (%1)</source>
      <translation>Alle Threads (%1)</translation>
    </message>
    <message>
      <source>This profile has no timestamps: there is no timeline to show.</source>
      <translation>Dieses Profil hat keine Zeitstempel: Es gibt keine Zeitleiste.</translation>
    </message>
    <message>
      <source>Open a profile to see when each thread ran.</source>
      <translation>Öffnen Sie ein Profil, um zu sehen, wann jeder Thread lief.</translation>
    </message>
    <message>
      <source>%1 threads</source>
      <translation>%1 Threads</translation>
    </message>
    <message>
      <source>Show Only %1</source>
      <translation>Nur %1 zeigen</translation>
    </message>
    <message>
      <source>Show or Hide %1</source>
      <translation>%1 zeigen oder ausblenden</translation>
    </message>
    <message>
      <source>Show All Threads</source>
      <translation>Alle Threads zeigen</translation>
    </message>
    <message>
      <source>Whole Time Range</source>
      <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
      <source>Merge Threads</source>
      <translation>Threads zusammenführen</translation>
    </message>
    <message>
      <source>%1 at %2
%3 busy, %4 idle samples around here</source>
      <translation>%1 bei %2
%3 aktive, %4 Leerlauf-Stichproben hier</translation>
    </message>
    <message>
      <source>All threads</source>
      <translation>Alle Threads</translation>
    </message>
  </context>
  <context>
    <name>DemoTarget</name>
    <message>
      <source>The demo script is missing from this build.</source>
      <translation>Das Demoskript fehlt in diesem Build.</translation>
    </message>
    <message>
      <source>Cannot write the demo script to %1: %2</source>
      <translation>Das Demoskript kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::RecordingController</name>
    <message>
      <source>process %1</source>
      <translation>Prozess %1</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::LaunchDialog</name>
    <message>
      <source>Launch Script</source>
      <translation>Skript starten</translation>
    </message>
    <message>
      <source>The Python interpreter: a name on the PATH or a path</source>
      <translation>Der Python-Interpreter: ein Name im PATH oder ein Pfad</translation>
    </message>
    <message>
      <source>The script to run</source>
      <translation>Das auszuführende Skript</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Durchsuchen…</translation>
    </message>
    <message>
      <source>Arguments of the script, as in a shell</source>
      <translation>Argumente des Skripts, wie in einer Shell</translation>
    </message>
    <message>
      <source> Hz</source>
      <translation> Hz</translation>
    </message>
    <message>
      <source>Samples a second</source>
      <translation>Samples pro Sekunde</translation>
    </message>
    <message>
      <source>&amp;Interpreter:</source>
      <translation>&amp;Interpreter:</translation>
    </message>
    <message>
      <source>&amp;Script:</source>
      <translation>&amp;Skript:</translation>
    </message>
    <message>
      <source>&amp;Arguments:</source>
      <translation>&amp;Argumente:</translation>
    </message>
    <message>
      <source>&amp;Rate:</source>
      <translation>&amp;Rate:</translation>
    </message>
    <message>
      <source>&amp;Record</source>
      <translation>&amp;Aufzeichnen</translation>
    </message>
    <message>
      <source>Python Script</source>
      <translation>Python-Skript</translation>
    </message>
    <message>
      <source>Python scripts (*.py);;All files (*)</source>
      <translation>Python-Skripte (*.py);;Alle Dateien (*)</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::AttachDialog</name>
    <message>
      <source>Attach to Process</source>
      <translation>An Prozess anhängen</translation>
    </message>
    <message>
      <source>Looking for Python processes…</source>
      <translation>Suche Python-Prozesse…</translation>
    </message>
    <message>
      <source>Re&amp;fresh</source>
      <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
      <source>or type a process id</source>
      <translation>oder eine Prozess-ID eingeben</translation>
    </message>
    <message>
      <source> Hz</source>
      <translation> Hz</translation>
    </message>
    <message>
      <source>Samples a second</source>
      <translation>Samples pro Sekunde</translation>
    </message>
    <message>
      <source>&amp;Process id:</source>
      <translation>&amp;Prozess-ID:</translation>
    </message>
    <message>
      <source>&amp;Rate:</source>
      <translation>&amp;Rate:</translation>
    </message>
    <message>
      <source>&amp;Record</source>
      <translation>&amp;Aufzeichnen</translation>
    </message>
    <message numerus="yes">
      <source>%n Python process(es)</source>
      <translation>
        <numerusform>%n Python-Prozess</numerusform>
        <numerusform>%n Python-Prozesse</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%1 of %n Python process(es) shown</source>
      <translation>
        <numerusform>%1 von %n Python-Prozess angezeigt</numerusform>
        <numerusform>%1 von %n Python-Prozessen angezeigt</numerusform>
      </translation>
    </message>
    <message>
      <source>Filter by pid, user, version or command line</source>
      <translation>Nach PID, Benutzer, Version oder Befehlszeile filtern</translation>
    </message>
  </context>
  <context>
    <name>spyglass::gui::PythonProcessModel</name>
    <message>
      <source>Runtime: %1</source>
      <translation>Laufzeit: %1</translation>
    </message>
    <message>
      <source>not readable</source>
      <translation>nicht lesbar</translation>
    </message>
    <message>
      <source>%1 %</source>
      <translation>%1 %</translation>
    </message>
    <message>
      <source>PID</source>
      <translation>PID</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Benutzer</translation>
    </message>
    <message>
      <source>Python</source>
      <translation>Python</translation>
    </message>
    <message>
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>Memory</source>
      <translation>Speicher</translation>
    </message>
    <message>
      <source>Command Line</source>
      <translation>Befehlszeile</translation>
    </message>
  </context>
  <context>
    <name>PauseTargetBox</name>
    <message>
      <source>&amp;Pause the target for each sample (exact stacks)</source>
      <translation>Zielprogramm bei jedem Sample &amp;anhalten (exakte Stacks)</translation>
    </message>
    <message>
      <source>Stops the program&apos;s Python threads for the few microseconds of each sample (ptrace), so every stack is read exactly. The pause lands when a thread next enters or leaves the kernel, so code that makes system calls every few microseconds shows more than its share. Without it the program is never stopped; a program of short calls then tears many reads, the shares may lean towards callers and longer calls, and a few stacks may show a function under another call&apos;s line.</source>
      <translation>Hält die Python-Threads des Programms für die wenigen Mikrosekunden jedes Samples an (ptrace), sodass jeder Stack exakt gelesen wird. Die Pause greift, wenn ein Thread das nächste Mal den Kernel betritt oder verlässt; Code, der alle paar Mikrosekunden Systemaufrufe macht, erscheint deshalb häufiger, als ihm zusteht. Ohne diese Option wird das Programm nie angehalten; bei kurzen Aufrufen zerreißen dann viele Lesevorgänge, die Anteile können zu den Aufrufern und zu längeren Aufrufen hin verschoben sein, und einige Stacks können eine Funktion unter der Zeile eines anderen Aufrufs zeigen.</translation>
    </message>
  </context>
</TS>