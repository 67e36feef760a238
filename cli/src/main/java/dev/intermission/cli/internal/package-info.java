/** The operator command line's picocli commands and argument parsing. */
package dev.intermission.cli.internal;
