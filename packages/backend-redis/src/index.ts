// The redis backend arrives with issue 4; this package exists so the workspace layout is final.
export {};
