package imbridge.sim.hs;

/**
 * Who a request acts as.
 *
 * @param appservice true when authenticated with the appservice's {@code as_token}
 *                   (enables {@code user_id} masquerading and timestamp massaging)
 */
record Requester(String userId, boolean appservice) {}
