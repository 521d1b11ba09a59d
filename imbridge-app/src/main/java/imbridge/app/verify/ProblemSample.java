package imbridge.app.verify;

/**
 * One concrete fault, so a human can find it: which portal and room, which part (guid/part, null when the
 * event carried no marker), which event (null for missing parts) and what was wrong.
 */
public record ProblemSample(
        Problem problem, String portalId, String roomId, String guid, String part, String eventId, String detail) {
    public String describe() {
        StringBuilder s = new StringBuilder(problem.label()).append(' ');
        s.append(portalId == null ? "(no portal)" : portalId);
        if (guid != null) {
            s.append(' ').append(guid).append('/').append(part);
        }
        if (eventId != null) {
            s.append(" event ").append(eventId);
        }
        if (roomId != null) {
            s.append(" in ").append(roomId);
        }
        return s.append(": ").append(detail).toString();
    }
}
