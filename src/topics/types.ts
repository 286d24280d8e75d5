/** A named subject that channels subscribe to, matched against briefs by keywords and phrases. */
export interface Topic {
  name: string;
  keywords: string[];
}
