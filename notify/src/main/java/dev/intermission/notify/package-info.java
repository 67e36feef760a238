/**
 * Notifications of maintenance windows: {@link dev.intermission.notify.Notifier} records each event once for all
 * instances and delivers it to {@link dev.intermission.notify.Webhook}s, signed, retried, in order;
 * {@link dev.intermission.notify.WebhookVerifier} checks a request on the receiver's side, and
 * {@link dev.intermission.notify.NotificationLog} reads what was sent.
 */
package dev.intermission.notify;
