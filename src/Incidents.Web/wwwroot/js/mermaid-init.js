// Draws the workflow diagrams on /admin/workflows. A file of its own, not an inline script: the Content-Security-Policy
// runs scripts only from 'self'.
mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: "neutral" });
