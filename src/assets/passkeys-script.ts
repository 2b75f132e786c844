// The console's one script (served as /console/passkeys.js, the only script its CSP allows): it shows
// the passkey forms where the browser has WebAuthn, and on their submit asks the server for options,
// runs navigator.credentials.create() or .get(), puts the answer in the form's hidden fields and
// submits it. Without it (no script, an old browser) the forms stay hidden and everything else works.
// Plain ES2020, no words of its own: the messages come from the form's data-* attributes.
export const PASSKEYS_SCRIPT = `"use strict";
(() => {
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  const toB64 = (buffer) => {
    let bin = "";
    for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  };
  const fromB64 = (text) => {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
  };
  const set = (form, name, value) => {
    const input = form.elements.namedItem(name);
    if (input) input.value = value;
  };
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    const box = form.closest("[data-passkey-box]") || form;
    box.hidden = false;
    for (const note of document.querySelectorAll("[data-passkey-absent]")) note.hidden = true;
    const status = form.querySelector("[data-passkey-status]");
    const button = form.querySelector("button");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (status) status.textContent = "";
      if (button) button.disabled = true;
      try {
        const body = new URLSearchParams();
        const csrf = form.elements.namedItem("_csrf");
        if (csrf) body.set("_csrf", csrf.value);
        const answer = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
        const options = await answer.json().catch(() => ({}));
        if (!answer.ok) throw new Error(options.error || form.dataset.failed);
        if (form.dataset.passkey === "create") {
          const publicKey = {
            ...options,
            challenge: fromB64(options.challenge),
            user: { ...options.user, id: fromB64(options.user.id) },
            excludeCredentials: options.excludeCredentials.map((c) => ({ ...c, id: fromB64(c.id) })),
          };
          const credential = await navigator.credentials.create({ publicKey });
          const response = credential.response;
          set(form, "credential", credential.id);
          set(form, "userHandle", options.user.id);
          set(form, "clientDataJSON", toB64(response.clientDataJSON));
          set(form, "attestationObject", toB64(response.attestationObject));
          set(form, "transports", response.getTransports ? response.getTransports().join(",") : "");
        } else {
          const publicKey = { ...options, challenge: fromB64(options.challenge) };
          const credential = await navigator.credentials.get({ publicKey });
          const response = credential.response;
          set(form, "credential", credential.id);
          set(form, "clientDataJSON", toB64(response.clientDataJSON));
          set(form, "authenticatorData", toB64(response.authenticatorData));
          set(form, "signature", toB64(response.signature));
          set(form, "userHandle", response.userHandle ? toB64(response.userHandle) : "");
        }
        form.submit();
      } catch (error) {
        const name = error && error.name;
        const known = name === "Error" && error.message;
        const text =
          name === "NotAllowedError" || name === "AbortError"
            ? form.dataset.cancelled
            : name === "InvalidStateError" && form.dataset.exists
              ? form.dataset.exists
              : known || form.dataset.failed;
        if (status) status.textContent = text;
        if (button) button.disabled = false;
      }
    });
  }
})();
`;
