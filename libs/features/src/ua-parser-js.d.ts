// Minimal typings for ua-parser-js v1 (the package ships none and @types/ua-parser-js is not installed).
// Only the v1 surface the feature engine uses: `new UAParser(ua).getResult()`.
declare module 'ua-parser-js' {
  export interface IBrowser { name?: string; version?: string; major?: string }
  export interface IOS { name?: string; version?: string }
  export interface IDevice { vendor?: string; model?: string; type?: string }
  export interface IEngine { name?: string; version?: string }
  export interface ICPU { architecture?: string }
  export interface IResult { ua: string; browser: IBrowser; os: IOS; device: IDevice; engine: IEngine; cpu: ICPU }
  export class UAParser {
    constructor(ua?: string);
    getResult(): IResult;
  }
  export default UAParser;
}
