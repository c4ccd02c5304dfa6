"""The engines that execute a copydesk run (copydesk/run.py): GX over pandas tables on one
machine (`gx`), and Spark for corpora past one machine (`spark`, the `copydesk[spark]`
extra). Each imports the run, never the reverse; nothing here is imported at start-up."""
