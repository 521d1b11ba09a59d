/** {@code imbridge doctor}: the checks of a deployment, each with its fix. */
package imbridge.app.doctor;
