package dev.intermission.admin;

/** The challenge the endpoint sends with a 401. */
final class AdminHandlerChallenge {

    static final String VALUE = "Bearer realm=\"intermission\"";

    private AdminHandlerChallenge() {
    }
}
