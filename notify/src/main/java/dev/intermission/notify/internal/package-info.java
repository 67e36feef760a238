/** The notifier's internals: its tables, the recorder of events, the reports, the delivery workers. */
package dev.intermission.notify.internal;
