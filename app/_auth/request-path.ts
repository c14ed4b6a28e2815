/** The request header proxy.ts sets to the path asked for, so sign-in can return there. */
export const requestPathHeader = "x-releaseboard-path";
